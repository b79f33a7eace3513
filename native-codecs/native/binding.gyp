{
  "targets": [
    {
      "target_name": "lightbox_codecs",
      "sources": ["src/openjpegDecode.c", "src/addon.c"],
      "include_dirs": ["/usr/include/openjpeg-2.5"],
      "libraries": ["-lopenjp2"],
      "cflags": ["-O3", "-std=c11"]
    }
  ]
}
