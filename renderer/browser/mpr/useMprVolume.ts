import { useEffect, useMemo, useState } from 'react';
import { readerMessage, type HostClient } from '../../../electron/common/contract/hostClient';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import { uploadNextVolumeInSlabs } from './slabUpload';
import { VolumeSource, type LoadedVolume } from './volumeSource';

export interface MprVolume {
  volume?: LoadedVolume;
  /** Why the series cannot be shown as a volume. */
  error?: string;
  /** The volume texture is still being sent to the GPU, a slab per task. */
  uploading: boolean;
}

/**
 * A series read as a volume for the window's shared WebGL context, its texture sent in slabs;
 * `onLoaded` sets up the views for each volume that arrives.
 */
export function useMprVolume(client: HostClient, renderWindow: SharedRenderWindow, studyUid: string, seriesUid: string, onLoaded: (volume: LoadedVolume) => void): MprVolume {
  const source = useMemo(() => {
    const gl = renderWindow.gl;
    return new VolumeSource(client, { max3dTextureSize: gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number, norm16: !!gl.getExtension('EXT_texture_norm16') });
  }, [client, renderWindow]);
  useEffect(() => () => source.dispose(), [source]);
  const [uploading, setUploading] = useState(false);
  const [volume, setVolume] = useState<LoadedVolume>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    setVolume(undefined);
    setError(undefined);
    source.get(studyUid, seriesUid).then(
      (v) => {
        if (!live) return;
        // The views' first draw creates the volume texture: sent a slab per task, the views filling in.
        let drawn = 0;
        const upload = uploadNextVolumeInSlabs(renderWindow.gl, v.geometry.dimensions[0] * v.geometry.dimensions[1] * v.geometry.dimensions[2], () => {
          // Redraw now and then, in a task of its own (not on top of a slab's).
          if (performance.now() - drawn < 200) return;
          drawn = performance.now();
          setTimeout(() => renderWindow.requestRender(), 0);
        });
        void upload.done.then(() => renderWindow.requestRender());
        setUploading(true);
        upload.done.then(
          () => live && setUploading(false),
          (e: unknown) => live && setError(readerMessage(e)),
        );
        // No upload by the second frame: this window had the texture already.
        requestAnimationFrame(() => requestAnimationFrame(() => upload.cancel()));
        setVolume(v);
        onLoaded(v);
      },
      (e: unknown) => live && setError(readerMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [source, studyUid, seriesUid, renderWindow]);
  return { volume, error, uploading };
}
