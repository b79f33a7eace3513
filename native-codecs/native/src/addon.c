/* Node-API entry point: decodeJ2k(Uint8Array) → { width, height, components, precision, signed, data }. */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "openjpegDecode.h"

static napi_value set_u32(napi_env env, napi_value object, const char *name, uint32_t value) {
  napi_value v;
  napi_create_uint32(env, value, &v);
  napi_set_named_property(env, object, name, v);
  return object;
}

static napi_value decode_j2k(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool is_typed = false;
  if (argc < 1 || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed) {
    napi_throw_type_error(env, NULL, "decodeJ2k expects a Uint8Array");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void *bytes;
  napi_value buffer;
  size_t offset;
  napi_get_typedarray_info(env, argv[0], &type, &length, &bytes, &buffer, &offset);
  lb_j2k_image image;
  char error[256] = {0};
  if (lb_j2k_decode((const uint8_t *)bytes, length, &image, error, sizeof error) != 0) {
    napi_throw_error(env, "J2K_DECODE_FAILED", error);
    return NULL;
  }
  napi_value result;
  napi_create_object(env, &result);
  set_u32(env, result, "width", image.width);
  set_u32(env, result, "height", image.height);
  set_u32(env, result, "components", image.components);
  set_u32(env, result, "precision", image.precision);
  napi_value is_signed;
  napi_get_boolean(env, image.is_signed != 0, &is_signed);
  napi_set_named_property(env, result, "signed", is_signed);
  /* Copied into a V8-owned ArrayBuffer: Electron's V8 memory cage forbids external buffers. */
  napi_value data;
  void *target;
  napi_create_arraybuffer(env, image.size, &target, &data);
  memcpy(target, image.data, image.size);
  free(image.data);
  napi_set_named_property(env, result, "data", data);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "decodeJ2k", NAPI_AUTO_LENGTH, decode_j2k, NULL, &fn);
  napi_set_named_property(env, exports, "decodeJ2k", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
