// Choose a file, send it resumably with a progress bar, then follow its processing until READY
// (handed to `onReady`) or FAILED (with the reason and a Retry button).
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useClient, useMutation } from 'urql';
import type { MediaAssetStatusQuery as StatusResult, MediaPurpose } from '../gql/graphql.ts';
import { Alert, Badge, Button, ErrorAlert, Progress, Row, Stack } from '../ui/index.tsx';
import { forgetTarget, rememberTarget, rememberedTarget, tusUpload } from './resumable.ts';
import { CreateUploadMutation, MediaAssetStatusQuery, POLL_MS, RetryProcessingMutation, isSettled } from './mediaStatus.ts';
import type { DetailedError, Upload } from 'tus-js-client';

export type UploadedAsset = NonNullable<StatusResult['mediaAsset']>;

type Phase = 'idle' | 'sending' | 'paused' | 'processing' | 'settled';

export function MediaUploader({ label, purpose, courseId, labId, accept, onReady }: {
  label: string; purpose: MediaPurpose; courseId?: string; labId?: string; accept?: string; onReady(asset: UploadedAsset): void;
}) {
  const inputId = useId();
  const client = useClient();
  const [, createUpload] = useMutation(CreateUploadMutation);
  const [retryState, retry] = useMutation(RetryProcessingMutation);
  const [phase, setPhase] = useState<Phase>('idle');
  const [percent, setPercent] = useState(0);
  const [asset, setAsset] = useState<UploadedAsset | null>(null);
  const [assetId, setAssetId] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const upload = useRef<Upload | null>(null);
  const scope = `${purpose}:${courseId ?? labId ?? ''}`;
  const readyRef = useRef(onReady);
  readyRef.current = onReady;

  // Follows the asset until it settles; a FAILED one starts again when retried.
  useEffect(() => {
    if (phase !== 'processing' || !assetId) return;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        const res = await client.query(MediaAssetStatusQuery, { id: assetId }, { requestPolicy: 'network-only' }).toPromise();
        if (stopped) return;
        const current = res.data?.mediaAsset ?? null;
        if (current) setAsset(current);
        if (current && isSettled(current.status)) {
          setPhase('settled');
          if (current.status === 'READY') readyRef.current(current);
          return;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    void poll();
    return () => { stopped = true; };
  }, [phase, assetId, client]);

  useEffect(() => () => void upload.current?.abort(), []);

  const send = (file: File, target: { assetId: string; uploadUrl: string }) => {
    setAssetId(target.assetId);
    setPhase('sending');
    upload.current = tusUpload(file, target.uploadUrl, {
      onProgress: (sent, total) => setPercent(total ? (sent / total) * 100 : 0),
      onSuccess: () => { forgetTarget(file, scope); setPercent(100); setPhase('processing'); },
      onError: (e) => {
        // An upload the server no longer has (expired, swept) cannot be resumed: the next pick of the file opens a new one.
        const status = (e as DetailedError).originalResponse?.getStatus();
        if (status === 403 || status === 404 || status === 410) forgetTarget(file, scope);
        setError(e);
        setPhase('paused');
      },
    });
    upload.current.start();
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(null); setAsset(null); setPercent(0);
    const remembered = rememberedTarget(file, scope);
    if (remembered) return send(file, remembered);
    const res = await createUpload({ input: {
      purpose, fileName: file.name, contentType: file.type || 'application/octet-stream', byteSize: file.size,
      ...(courseId ? { courseId } : {}), ...(labId ? { labId } : {}),
    } });
    if (!res.data) { setError(res.error ?? new Error('The upload could not be opened.')); return; }
    const session = res.data.createUpload;
    const target = { assetId: session.id, uploadUrl: session.uploadUrl, expiresAt: session.expiresAt };
    rememberTarget(file, scope, target);
    send(file, target);
  };

  const pause = () => { void upload.current?.abort(); setPhase('paused'); };
  const resume = () => { setError(null); setPhase('sending'); upload.current?.start(); };
  const retryProcessing = async () => {
    if (!assetId) return;
    const res = await retry({ id: assetId });
    if (res.data) { setAsset(null); setPhase('processing'); }
  };

  const status = phase === 'sending' || phase === 'paused' ? 'UPLOADING' : asset?.status ?? (phase === 'processing' ? 'PROCESSING' : null);
  return (
    <Stack gap={2}>
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input id={inputId} type="file" accept={accept} onChange={(e) => void choose(e)} disabled={phase === 'sending' || phase === 'processing'} />
      </div>
      {phase !== 'idle' && (
        <>
          <Progress value={percent} label={`${label}: upload progress`} />
          <Row gap={2}>
            {status && <Badge label={`${label}: ${status.toLowerCase()}`}>{status.toLowerCase()}</Badge>}
            <span className="muted">{Math.round(percent)}%</span>
            {phase === 'sending' && <Button variant="ghost" onClick={pause}>Pause upload</Button>}
            {phase === 'paused' && <Button variant="secondary" onClick={resume}>Resume upload</Button>}
            {asset?.status === 'FAILED' && <Button variant="secondary" busy={retryState.fetching} onClick={() => void retryProcessing()}>Retry processing</Button>}
          </Row>
        </>
      )}
      {asset?.status === 'FAILED' && <Alert tone="error">Processing failed: {asset.failureReason ?? 'no reason given'}</Alert>}
      {phase === 'paused' && error && <Alert tone="error">The upload stopped ({error.message.split('\n')[0]}); resume it to send the rest.</Alert>}
      {phase !== 'paused' && <ErrorAlert error={error ?? retryState.error} />}
    </Stack>
  );
}
