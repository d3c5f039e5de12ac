export { registerPageApi, type PageApiServices } from './register-page-api';
export { createConsentGate, type ConsentGate, type ConsentSource } from './consent-gate';
export { createCollectionRegistry, type CollectionRegistry } from './collection-registry';
export { handlePageRequest, mirrorSnapshot } from './page-request-handler';
export { createPageSessions } from './page-sessions';
export { originOfBridgePort } from './bridge-origin';
export { createMemoryStorage, storageFromArea, type KeyValueStorage } from './key-value-storage';
