/** Every process path through the HTTP API, half 2 of 2 (paths-http-suite.ts). */
import { describeProcessPaths } from './paths-http-suite';

describeProcessPaths(1, 2);
