/* JPEG 2000 decoding through the system's OpenJPEG (libopenjp2). */
#ifndef LIGHTBOX_OPENJPEG_DECODE_H
#define LIGHTBOX_OPENJPEG_DECODE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t width;
  uint32_t height;
  uint32_t components;
  uint32_t precision;
  int is_signed;
  /* Samples, interleaved, little-endian, 1 byte (precision <= 8) or 2 bytes each; malloc'd. */
  uint8_t *data;
  size_t size;
} lb_j2k_image;

/* Decodes a J2K codestream or JP2 file. Returns 0, or -1 with `error` filled (NUL-terminated). */
int lb_j2k_decode(const uint8_t *bytes, size_t length, lb_j2k_image *out, char *error, size_t error_size);

#endif
