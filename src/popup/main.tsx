import { createBackgroundClient } from '../shared/background-client';
import { mountPage } from '../ui/page';
import { PopupApp } from './popup-app';
import './popup.css';

mountPage('popupTitle', <PopupApp api={createBackgroundClient()} />);
