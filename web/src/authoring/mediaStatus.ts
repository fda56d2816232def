import { graphql } from '../gql/index.ts';

// The asset fields the authoring screens show; polled until the asset is READY or FAILED.
export const MediaAssetStatusQuery = graphql(`
  query MediaAssetStatus($id: ID!) {
    mediaAsset(id: $id) { id purpose kind status failureReason fileName contentType byteSize durationSeconds url posterUrl downloadUrl }
  }
`);
export const RetryProcessingMutation = graphql(`
  mutation RetryMediaProcessing($id: ID!) { retryMediaProcessing(id: $id) { id status failureReason } }
`);
export const CreateUploadMutation = graphql(`
  mutation CreateUpload($input: CreateUploadInput!) {
    createUpload(input: $input) { id uploadUrl expiresAt asset { id kind status fileName } }
  }
`);

/** How often a processing asset is asked for. */
export const POLL_MS = 1_000;
export const isSettled = (status: string | undefined) => status === 'READY' || status === 'FAILED';
