#include "openjpegDecode.h"

#include <openjpeg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const uint8_t *data;
  size_t length;
  size_t offset;
} memory_source;

static OPJ_SIZE_T read_fn(void *buffer, OPJ_SIZE_T count, void *user) {
  memory_source *src = (memory_source *)user;
  if (src->offset >= src->length) return (OPJ_SIZE_T)-1;
  size_t n = src->length - src->offset;
  if (n > count) n = count;
  memcpy(buffer, src->data + src->offset, n);
  src->offset += n;
  return n;
}

static OPJ_OFF_T skip_fn(OPJ_OFF_T count, void *user) {
  memory_source *src = (memory_source *)user;
  if (count < 0) {
    if ((size_t)(-count) > src->offset) count = -(OPJ_OFF_T)src->offset;
  } else if ((size_t)count > src->length - src->offset) {
    count = (OPJ_OFF_T)(src->length - src->offset);
  }
  src->offset += count;
  return count;
}

static OPJ_BOOL seek_fn(OPJ_OFF_T position, void *user) {
  memory_source *src = (memory_source *)user;
  if (position < 0 || (size_t)position > src->length) return OPJ_FALSE;
  src->offset = (size_t)position;
  return OPJ_TRUE;
}

static void error_handler(const char *message, void *user) {
  char *error = (char *)user;
  if (error[0] == '\0') snprintf(error, 256, "%s", message);
}

static void quiet_handler(const char *message, void *user) {
  (void)message;
  (void)user;
}

int lb_j2k_decode(const uint8_t *bytes, size_t length, lb_j2k_image *out, char *error, size_t error_size) {
  memset(out, 0, sizeof(*out));
  char message[256] = {0};
  /* JP2 files start with a signature box; bare codestreams with SOC (FF 4F). */
  int is_jp2 = length >= 12 && bytes[4] == 'j' && bytes[5] == 'P';
  opj_codec_t *codec = opj_create_decompress(is_jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  opj_set_error_handler(codec, error_handler, message);
  opj_set_warning_handler(codec, quiet_handler, NULL);
  opj_set_info_handler(codec, quiet_handler, NULL);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  memory_source source = {bytes, length, 0};
  opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_TRUE);
  opj_stream_set_read_function(stream, read_fn);
  opj_stream_set_skip_function(stream, skip_fn);
  opj_stream_set_seek_function(stream, seek_fn);
  opj_stream_set_user_data(stream, &source, NULL);
  opj_stream_set_user_data_length(stream, length);
  opj_image_t *image = NULL;
  int ok = opj_setup_decoder(codec, &parameters) && opj_read_header(stream, codec, &image) && opj_decode(codec, stream, image) &&
           opj_end_decompress(codec, stream);
  if (ok && (image->numcomps < 1 || image->numcomps > 4)) {
    snprintf(message, sizeof message, "unsupported number of components: %u", image->numcomps);
    ok = 0;
  }
  if (ok) {
    for (uint32_t c = 1; c < image->numcomps; c++) {
      if (image->comps[c].w != image->comps[0].w || image->comps[c].h != image->comps[0].h) {
        snprintf(message, sizeof message, "subsampled components are not supported");
        ok = 0;
      }
    }
  }
  if (ok) {
    opj_image_comp_t *first = &image->comps[0];
    uint32_t pixels = first->w * first->h;
    uint32_t n = image->numcomps;
    int wide = first->prec > 8;
    out->width = first->w;
    out->height = first->h;
    out->components = n;
    out->precision = first->prec;
    out->is_signed = first->sgnd;
    out->size = (size_t)pixels * n * (wide ? 2 : 1);
    out->data = (uint8_t *)malloc(out->size);
    if (!out->data) {
      snprintf(message, sizeof message, "out of memory");
      ok = 0;
    } else if (wide) {
      uint16_t *dst = (uint16_t *)out->data;
      for (uint32_t c = 0; c < n; c++) {
        const OPJ_INT32 *src = image->comps[c].data;
        for (uint32_t i = 0; i < pixels; i++) dst[i * n + c] = (uint16_t)src[i];
      }
    } else {
      for (uint32_t c = 0; c < n; c++) {
        const OPJ_INT32 *src = image->comps[c].data;
        for (uint32_t i = 0; i < pixels; i++) out->data[i * n + c] = (uint8_t)src[i];
      }
    }
  }
  if (!ok) snprintf(error, error_size, "%s", message[0] ? message : "OpenJPEG could not decode the codestream");
  if (image) opj_image_destroy(image);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  return ok ? 0 : -1;
}
