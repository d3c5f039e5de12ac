/** Content script (MAIN world, document_start, every http(s) frame): window.webbits and external.DownloadManager. */
import { install } from './install';

// Taken first, so that it names this script's URL (extension-base.ts).
install(window, new Error().stack);
