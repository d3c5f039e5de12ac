import { createBackgroundClient } from '../shared/background-client';
import { mountPage } from '../ui/page';
import { OptionsApp } from './options-app';
import './options.css';

mountPage('optionsTitle', <OptionsApp api={createBackgroundClient()} />);
