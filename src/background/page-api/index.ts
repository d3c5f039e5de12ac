export { registerPageApi, type PageApi, type PageApiOptions } from './register-page-api';
export { createConsentManager, type ConsentManager } from './consent-manager';
export { createCollectionRegistry, type CollectionRegistry } from './collection-registry';
export { handlePageRequest, mirrorSnapshot } from './page-request-handler';
export { createMemoryStorage, browserLocalStorage, type KeyValueStorage } from './key-value-storage';
