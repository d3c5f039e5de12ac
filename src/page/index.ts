/** Content script (MAIN world, document_start, every http(s) frame): window.webbits and external.DownloadManager. */
import { install } from './install';

install(window);
