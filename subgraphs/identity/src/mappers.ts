/**
 * The value each GraphQL object type's resolvers get as parent: its model in models.ts. Codegen
 * reads this and fails on a type the schema lacks, a model models.ts lacks, or an exported
 * `...Model` mapped by nothing (tools/codegen/mappers.ts).
 */
export const mappers = {
  User: 'UserModel',
  AuthPayload: 'AuthPayloadModel',
  LinkedAccount: 'LinkedAccountModel',
  Suspension: 'SuspensionModel',
  UserSessionSummary: 'SessionSummaryModel',
  AuditEntry: 'AuditEntryModel',
  DataExport: 'DataExportModel',
  AccountDeletion: 'AccountDeletionModel',
  Avatar: 'AvatarModel',
} as const;
