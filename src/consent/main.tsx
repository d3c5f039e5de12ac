import { createBackgroundClient } from '../shared/background-client';
import { mountPage } from '../ui/page';
import { queryParam } from '../ui/query-param';
import { ConsentApp } from './consent-app';
import './consent.css';

mountPage('consentTitle', <ConsentApp api={createBackgroundClient()} promptId={queryParam('promptId')} />);
