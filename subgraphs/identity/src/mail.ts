// The outbox dispatcher lives in @lg/platform, shared with engagement's notification mail.
export { MailDispatcher } from '@lg/platform';
