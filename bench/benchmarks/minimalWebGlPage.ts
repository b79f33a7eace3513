/**
 * The scroll benchmark's peer, run inside a page of the same origin: fetch the same display-ready
 * frames the viewer gets, then draw one per animation frame with a bare WebGL2 program (R16I
 * texture, window in the fragment shader). Self-contained: it is serialized into the page.
 */
export async function minimalWebGlPage(args: { studyUid: string; seriesUid: string; slices: number }): Promise<{ times: number[]; renderer: string; norm16: boolean }> {
  const meta = (await (await fetch(`/dicomweb/studies/${args.studyUid}/series/${args.seriesUid}/metadata`)).json()) as Record<string, { Value?: unknown[] }>[];
  const sorted = meta
    .map((m) => ({ uid: String(m['00080018']!.Value![0]), z: Number((m['00200032']!.Value as number[])[2]) }))
    .sort((a, b) => b.z - a.z)
    .slice(0, args.slices);
  const frames = await Promise.all(
    sorted.map(async (s) => new Int16Array(await (await fetch(`/api/studies/${args.studyUid}/series/${args.seriesUid}/instances/${s.uid}/frames/1`)).arrayBuffer())),
  );
  // On screen, over the page and as large as the window, like the viewer's shared canvas: a canvas
  // below the fold is drawn but never composited, and its frames would cost nothing to present.
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(window.innerWidth * devicePixelRatio);
  canvas.height = Math.round(window.innerHeight * devicePixelRatio);
  canvas.style.cssText = `position: fixed; left: 0; top: 0; width: ${window.innerWidth}px; height: ${window.innerHeight}px; z-index: 1000;`;
  document.body.append(canvas);
  const gl = canvas.getContext('webgl2')!;
  const vs = `#version 300 es
  in vec2 p; out vec2 uv; void main() { uv = vec2(p.x * 0.5 + 0.5, 0.5 - p.y * 0.5); gl_Position = vec4(p, 0.0, 1.0); }`;
  const fs = `#version 300 es
  precision highp float; precision highp isampler2D;
  uniform isampler2D img; uniform float lo; uniform float hi; in vec2 uv; out vec4 color;
  void main() { float v = float(texture(img, uv).r); float g = clamp((v - lo) / (hi - lo), 0.0, 1.0); color = vec4(g, g, g, 1.0); }`;
  const compile = (type: number, src: string): WebGLShader => {
    const sh = gl.createShader(type)!;
    gl.shaderSource(sh, src);
    gl.compileShader(sh);
    return sh;
  };
  const prog = gl.createProgram()!;
  gl.attachShader(prog, compile(gl.VERTEX_SHADER, vs));
  gl.attachShader(prog, compile(gl.FRAGMENT_SHADER, fs));
  gl.linkProgram(prog);
  gl.useProgram(prog);
  const buf = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buf);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  const loc = gl.getAttribLocation(prog, 'p');
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  const tex = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, tex);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.uniform1f(gl.getUniformLocation(prog, 'lo'), 40 - 200 + 1024);
  gl.uniform1f(gl.getUniformLocation(prog, 'hi'), 40 + 200 + 1024);
  const size = Math.round(Math.sqrt(frames[0]!.length));
  const times: number[] = [];
  let last = performance.now();
  await new Promise<void>((resolve) => {
    let i = 0;
    const step = () => {
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.R16I, size, size, 0, gl.RED_INTEGER, gl.SHORT, frames[i]!);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      const now = performance.now();
      times.push(now - last);
      last = now;
      i++;
      if (i < frames.length) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return { times, renderer: String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER)), norm16: !!gl.getExtension('EXT_texture_norm16') };
}
