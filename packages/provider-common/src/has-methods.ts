// Moved to core, where the logger, timers and page lifecycle guards use it too; re-exported here
// so this package's users do not change.
export { hasMethods } from '@flagsmith-openfeature/core';
