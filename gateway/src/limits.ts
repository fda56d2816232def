import { parseOptionsFor, queryArmor } from '@lg/platform';
import { queryLimits } from './query-limits.ts';

export { queryLimits };
export const armor = (production: boolean) => queryArmor(queryLimits, production);
export const parseOptions = parseOptionsFor(queryLimits);
