import { createBackgroundClient } from '../shared/background-client';
import { mountPage } from '../ui/page';
import { queryParam } from '../ui/query-param';
import { PickerApp } from './picker-app';
import './picker.css';

mountPage('pickerTitle', <PickerApp api={createBackgroundClient()} pickerId={queryParam('pickerId')} />);
