// The developer portal's build-time data (web/vite.config.ts, tools/portal/generate.ts).
declare module 'virtual:developer-portal/portal' {
  const portal: import('../../../tools/portal/model.ts').PortalData;
  export default portal;
}
declare module 'virtual:developer-portal/reference' {
  const reference: import('../../../tools/portal/model.ts').SchemaReference;
  export default reference;
}
declare module 'virtual:developer-portal/changelog' {
  const changelog: import('../../../tools/portal/model.ts').Changelog;
  export default changelog;
}
