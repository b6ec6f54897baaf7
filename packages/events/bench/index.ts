// `npm run bench`: prints the event processor's figures. Benchmarks print; they never assert.
import { benchDelivery } from './delivery';
import { benchMemory } from './memory';
import { benchTracking } from './track';

console.log(
  `# @flagsmith-openfeature/events benchmarks (Node ${process.version}, ${process.platform}/${process.arch})`,
);
await benchTracking();
await benchDelivery();
await benchMemory();
