import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { StoredKeyImage } from '../../../electron/common/contract/hostContract';

/**
 * The study's key image marks, kept with its measurements in the cache (a Key Object Selection
 * lists them when results are saved). A toggle is sent at once, as one change, so two windows
 * marking images of one study keep each other's marks; another window's save is read again.
 */
export function useKeyImages(client: HostClient, studyUid: string, version: number) {
  const [keyImages, setKeyImages] = useState<StoredKeyImage[]>([]);
  useEffect(() => {
    let live = true;
    client.call('getAnnotations', { params: { studyUid } }).then(
      (a) => live && setKeyImages(a.keyImages ?? []),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, version]);
  const ids = useMemo(() => new Set(keyImages.map((k) => k.id)), [keyImages]);
  /** Marks on their way to the host: "Save results" waits for them. */
  const pending = useRef(new Set<Promise<unknown>>());
  const settled = useCallback(() => Promise.all([...pending.current]).then(() => undefined), []);
  const toggle = useCallback(
    (image: { seriesInstanceUid: string; sopInstanceUid: string; frame: number }) => {
      const id = `${image.sopInstanceUid}#${image.frame}`;
      const marked = ids.has(id);
      const mark: StoredKeyImage = { id, ...image };
      setKeyImages((list) => (marked ? list.filter((k) => k.id !== id) : [...list, mark]));
      const changes = marked ? { removeKeyImages: [id] } : { upsertKeyImages: [mark] };
      const sent = client.call('putAnnotations', { params: { studyUid }, body: { studyInstanceUid: studyUid, changes } }).then(
        (saved) => setKeyImages(saved.keyImages ?? []),
        () => setKeyImages((list) => (marked ? [...list, mark] : list.filter((k) => k.id !== id))),
      );
      pending.current.add(sent);
      void sent.finally(() => pending.current.delete(sent));
    },
    [client, studyUid, ids],
  );
  return { keyImages, ids, toggle, settled };
}
