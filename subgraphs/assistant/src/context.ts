import type { BaseContext } from '@lg/platform';
import type { AssistantService } from './service.ts';

export interface Context extends BaseContext {
  assistant: AssistantService;
}
