/*
 * test_vm_host.c: the test VM host itself behaves like the Dart VM: deep copy
 * on post, adopted external typed data finalized exactly once (also after a
 * refused post), refusal of what the VM refuses, per-port FIFO queues that
 * stay correct with many ports and many concurrent posters.
 */
#include <stdlib.h>

#include "core/dart_api.h"
#include "core/platform.h"
#include "dart_vm_host.h"
#include "test.h"

/* A wait that only the awaited event can end: if it never comes, ctest's
 * timeout calls the test hung. */
#define NO_TIMEOUT UINT64_MAX

static bool post(Dart_Port port, Dart_CObject *message) {
  Dart_PostCObject_Type function = (Dart_PostCObject_Type)vm_host_api_lookup(vm_host_api_data(), "Dart_PostCObject");
  ASSERT_NOT_NULL(function);
  return function(port, message);
}

static Dart_CObject int_object(int64_t value) {
  Dart_CObject object;
  memset(&object, 0, sizeof object);
  object.type = Dart_CObject_kInt64;
  object.value.as_int64 = value;
  return object;
}

static Dart_CObject string_object(const char *text) {
  Dart_CObject object;
  memset(&object, 0, sizeof object);
  object.type = Dart_CObject_kString;
  object.value.as_string = text;
  return object;
}

static Dart_CObject array_object(Dart_CObject **values, intptr_t length) {
  Dart_CObject object;
  memset(&object, 0, sizeof object);
  object.type = Dart_CObject_kArray;
  object.value.as_array.length = length;
  object.value.as_array.values = values;
  return object;
}

static void sleep_ns(uint64_t ns) {
  app_core__mutex mutex;
  app_core__cond cond;
  app_core__mutex_init(&mutex);
  app_core__cond_init(&cond);
  app_core__mutex_lock(&mutex);
  uint64_t end = app_core__now_ns() + ns;
  for (uint64_t now = app_core__now_ns(); now < end; now = app_core__now_ns()) {
    (void)app_core__cond_timedwait(&cond, &mutex, end - now);
  }
  app_core__mutex_unlock(&mutex);
  app_core__cond_destroy(&cond);
  app_core__mutex_destroy(&mutex);
}

/* ---- External typed data -------------------------------------------------- */

static int finalized;           /* finalizer calls in this test */
static int finalized_with_data; /* calls whose isolate_callback_data was not NULL */

static void free_buffer(void *isolate_callback_data, void *peer) {
  if (isolate_callback_data != NULL) finalized_with_data++;
  finalized++;
  free(peer); /* a second call would be a double free: ASan and valgrind catch it */
}

/* A heap buffer of `length` bytes 0, 1, 2, ... handed over as external data. */
static Dart_CObject external_object(Dart_CObject_Type type, size_t length) {
  uint8_t *buffer = malloc(length);
  ASSERT_NOT_NULL(buffer);
  for (size_t i = 0; i < length; i++) buffer[i] = (uint8_t)i;
  Dart_CObject object;
  memset(&object, 0, sizeof object);
  object.type = type;
  object.value.as_external_typed_data.type = Dart_TypedData_kUint8;
  object.value.as_external_typed_data.length = (intptr_t)length;
  object.value.as_external_typed_data.data = buffer;
  object.value.as_external_typed_data.peer = buffer;
  object.value.as_external_typed_data.callback = free_buffer;
  return object;
}

TEST(post_deep_copies_before_returning) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  char text[] = "h\xC3\xA9llo";
  uint8_t bytes[3] = {1, 2, 3};
  int32_t words[2] = {-5, 70000};
  Dart_CObject small = {0}, flag = {0}, nothing = {0}, real = {0}, typed = {0}, typed_words = {0};
  small.type = Dart_CObject_kInt32;
  small.value.as_int32 = INT32_MIN;
  flag.type = Dart_CObject_kBool;
  flag.value.as_bool = true;
  nothing.type = Dart_CObject_kNull;
  real.type = Dart_CObject_kDouble;
  real.value.as_double = 2.5;
  typed.type = Dart_CObject_kTypedData;
  typed.value.as_typed_data.type = Dart_TypedData_kUint8;
  typed.value.as_typed_data.length = 3;
  typed.value.as_typed_data.values = bytes;
  typed_words.type = Dart_CObject_kTypedData;
  typed_words.value.as_typed_data.type = Dart_TypedData_kInt32;
  typed_words.value.as_typed_data.length = 2; /* elements, not bytes */
  typed_words.value.as_typed_data.values = (const uint8_t *)words;
  Dart_CObject big = int_object(INT64_MAX), str = string_object(text);
  Dart_CObject *inner_values[] = {&flag, &nothing, &real};
  Dart_CObject inner = array_object(inner_values, 3);
  Dart_CObject *values[] = {&small, &big, &str, &inner, &typed, &typed_words};
  Dart_CObject root = array_object(values, 6);
  ASSERT_TRUE(post(port, &root));

  /* Wreck the source: the queued copy must not change. */
  memset(text, 'x', sizeof text - 1);
  bytes[0] = 99;
  words[0] = 0;
  small.value.as_int32 = 0;
  flag.value.as_bool = false;
  real.value.as_double = 0;
  inner.value.as_array.length = 0;
  values[2] = &nothing;

  vm_value *m = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  ASSERT_EQ(m->type, Dart_CObject_kArray);
  ASSERT_UINT_EQ(m->value.as_array.length, 6);
  const vm_value *items = m->value.as_array.items;
  ASSERT_EQ(items[0].type, Dart_CObject_kInt64); /* kInt32 arrives as an int */
  ASSERT_EQ(items[0].value.as_int, INT32_MIN);
  ASSERT_EQ(items[1].value.as_int, INT64_MAX);
  ASSERT_EQ(items[2].type, Dart_CObject_kString);
  ASSERT_STR_EQ(items[2].value.as_string, "h\xC3\xA9llo");
  ASSERT_EQ(items[3].type, Dart_CObject_kArray);
  ASSERT_UINT_EQ(items[3].value.as_array.length, 3);
  ASSERT_EQ(items[3].value.as_array.items[0].type, Dart_CObject_kBool);
  ASSERT_TRUE(items[3].value.as_array.items[0].value.as_bool);
  ASSERT_EQ(items[3].value.as_array.items[1].type, Dart_CObject_kNull);
  ASSERT_EQ(items[3].value.as_array.items[2].type, Dart_CObject_kDouble);
  ASSERT_TRUE(items[3].value.as_array.items[2].value.as_double == 2.5);
  ASSERT_EQ(items[4].type, Dart_CObject_kTypedData);
  ASSERT_EQ(items[4].value.as_typed_data.type, Dart_TypedData_kUint8);
  ASSERT_UINT_EQ(items[4].value.as_typed_data.length_bytes, 3);
  ASSERT_EQ(memcmp(items[4].value.as_typed_data.bytes, "\x01\x02\x03", 3), 0);
  ASSERT_UINT_EQ(items[5].value.as_typed_data.length_bytes, 8);
  int32_t copied_words[2];
  memcpy(copied_words, items[5].value.as_typed_data.bytes, sizeof copied_words);
  ASSERT_EQ(copied_words[0], -5);
  ASSERT_EQ(copied_words[1], 70000);
  vm_value_free(m);
  vm_host_stop();
}

/* Adopted as the VM does (ExternalTypedData::New on the posted pointer in
 * message_snapshot.cc): the receiver sees the poster's bytes, and their
 * finalizer waits until the received message is freed (unreachable) and GC
 * runs; one dropped unread or outliving the host is finalized once too. */
TEST(external_data_is_adopted_and_finalized_once_after_the_receiver_frees_it) {
  finalized = finalized_with_data = 0;
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  Dart_CObject plain = external_object(Dart_CObject_kExternalTypedData, 64);
  Dart_CObject frozen = external_object(Dart_CObject_kUnmodifiableExternalTypedData, 5);
  Dart_CObject *values[] = {&plain, &frozen};
  Dart_CObject root = array_object(values, 2);
  ASSERT_TRUE(post(port, &root));
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 0); /* still referenced by the queued message */

  vm_value *m = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  const vm_value *items = m->value.as_array.items;
  ASSERT_EQ(items[0].type, Dart_CObject_kTypedData);
  ASSERT_UINT_EQ(items[0].value.as_typed_data.length_bytes, 64);
  ASSERT_TRUE(items[0].value.as_typed_data.bytes == plain.value.as_external_typed_data.data); /* not copied */
  ASSERT_EQ(items[0].value.as_typed_data.bytes[63], 63);
  ASSERT_EQ(items[1].type, Dart_CObject_kTypedData);
  ASSERT_TRUE(items[1].value.as_typed_data.bytes == frozen.value.as_external_typed_data.data);
  ASSERT_EQ(memcmp(items[1].value.as_typed_data.bytes, "\x00\x01\x02\x03\x04", 5), 0);
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 0); /* the receiver still holds the data: GC must leave it */
  vm_value_free(m);
  ASSERT_EQ(finalized, 0); /* unreachable now, collected at the next GC */
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 2);
  ASSERT_EQ(finalized_with_data, 0); /* the VM passes isolate_callback_data NULL here */
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 2);

  Dart_Port dropped = vm_host_open_port();
  Dart_CObject unread = external_object(Dart_CObject_kExternalTypedData, 16);
  ASSERT_TRUE(post(dropped, &unread));
  vm_host_close_port(dropped); /* the queued message is deleted undelivered */
  vm_host_collect_garbage();
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 3);

  Dart_Port last = vm_host_open_port();
  Dart_CObject held = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_TRUE(post(last, &held));
  ASSERT_TRUE(vm_host_receive(last, HUNG_AFTER_NS, &m));
  vm_host_stop();
  ASSERT_EQ(finalized, 3); /* the receiver still holds it */
  ASSERT_TRUE(m->value.as_typed_data.bytes == held.value.as_external_typed_data.data);
  ASSERT_EQ(m->value.as_typed_data.bytes[7], 7);
  vm_value_free(m); /* no GC will come: finalized at once */
  ASSERT_EQ(finalized, 4);
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 4);
}

TEST(external_data_is_finalized_even_after_a_refused_post) {
  finalized = 0;
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port);
  Dart_CObject data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_FALSE(post(port, &data)); /* closed port */
  ASSERT_EQ(finalized, 1);         /* inside the post: a core that frees on false double-frees here */
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 1); /* and never again later */

  Dart_Port open = vm_host_open_port();
  Dart_CObject more = external_object(Dart_CObject_kExternalTypedData, 8);
  Dart_CObject bad = {0};
  bad.type = Dart_CObject_kNativePointer;
  Dart_CObject *values[] = {&more, &bad};
  Dart_CObject root = array_object(values, 2);
  ASSERT_FALSE(post(open, &root)); /* malformed */
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 2);
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.posts_rejected, 2);
  ASSERT_UINT_EQ(stats.finalizers_run, 2);
  vm_host_stop();
}

TEST(refused_post_keeps_external_data_when_told) {
  finalized = 0;
  vm_host_start();
  vm_host_set_refusal(VM_HOST_REFUSAL_KEEPS);
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port);
  Dart_CObject data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_FALSE(post(port, &data));
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 0); /* still the poster's: it must free it */
  free(data.value.as_external_typed_data.data);
  vm_host_stop();
  vm_host_start(); /* restores the default */
  port = vm_host_open_port();
  vm_host_close_port(port);
  data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_FALSE(post(port, &data));
  ASSERT_EQ(finalized, 1);
  vm_host_stop();
}

TEST(accepted_post_dropped_at_once_when_told) {
  finalized = 0;
  vm_host_start();
  vm_host_set_drop_accepted(true);
  Dart_Port port = vm_host_open_port();
  Dart_CObject data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_TRUE(post(port, &data));
  ASSERT_EQ(finalized, 1); /* before the post returned true */
  ASSERT_UINT_EQ(vm_host_pending(port), 0);
  vm_host_set_drop_accepted(false);
  Dart_CObject one = int_object(1);
  ASSERT_TRUE(post(port, &one));
  ASSERT_UINT_EQ(vm_host_pending(port), 1);
  vm_host_stop();
  ASSERT_UINT_EQ(vm_host_get_stats().posts_accepted, 2);
}

TEST(external_data_is_finalized_when_dropped_or_stopped) {
  finalized = 0;
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  Dart_CObject data = external_object(Dart_CObject_kExternalTypedData, 4);
  ASSERT_TRUE(post(port, &data));
  vm_host_close_port(port); /* dropped unread */
  ASSERT_EQ(finalized, 0);
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 1);

  port = vm_host_open_port();
  data = external_object(Dart_CObject_kExternalTypedData, 4);
  ASSERT_TRUE(post(port, &data));
  vm_host_stop(); /* queued, never received, never collected */
  ASSERT_EQ(finalized, 2);

  data = external_object(Dart_CObject_kExternalTypedData, 4);
  ASSERT_FALSE(post(port, &data)); /* host stopped: no GC will come, so at once */
  ASSERT_EQ(finalized, 3);
}

TEST(refuses_what_the_vm_refuses) {
  finalized = 0;
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  Dart_CObject one = int_object(1);
  Dart_CObject *with_null[] = {&one, NULL};
  Dart_CObject self = {0};
  Dart_CObject *self_values[] = {&self, &self};
  self = array_object(self_values, 2); /* a cycle, and exponential as a tree */
  Dart_CObject chain[300];
  Dart_CObject *chain_values[300];
  for (size_t i = 0; i < 300; i++) {
    chain_values[i] = i + 1 < 300 ? &chain[i + 1] : &one;
    chain[i] = array_object(&chain_values[i], 1);
  }
  Dart_CObject bad[16];
  memset(bad, 0, sizeof bad);
  bad[0].type = Dart_CObject_kNumberOfTypes;
  bad[1].type = Dart_CObject_kNativePointer;
  bad[2].type = Dart_CObject_kUnsupported;
  bad[3].type = (Dart_CObject_Type)99;
  bad[4].type = (Dart_CObject_Type)-1;
  bad[5] = string_object(NULL);
  bad[6] = array_object(NULL, 2);
  bad[7] = array_object(with_null, -1);
  bad[8] = array_object(with_null, 2);
  bad[9].type = Dart_CObject_kTypedData;
  bad[9].value.as_typed_data.type = Dart_TypedData_kInvalid;
  bad[10].type = Dart_CObject_kTypedData;
  bad[10].value.as_typed_data.type = Dart_TypedData_kUint8;
  bad[10].value.as_typed_data.length = -1;
  bad[11].type = Dart_CObject_kTypedData;
  bad[11].value.as_typed_data.type = Dart_TypedData_kUint8;
  bad[11].value.as_typed_data.length = 4; /* values NULL */
  bad[12] = external_object(Dart_CObject_kExternalTypedData, 4);
  free(bad[12].value.as_external_typed_data.data);
  bad[12].value.as_external_typed_data.data = NULL; /* finalizer gets peer NULL: free(NULL) */
  bad[12].value.as_external_typed_data.peer = NULL;
  bad[13].type = Dart_CObject_kExternalTypedData; /* no callback: the VM requires one */
  bad[13].value.as_external_typed_data.type = Dart_TypedData_kUint8;
  bad[14] = self;
  bad[15] = chain[0];
  for (size_t i = 0; i < 16; i++) {
    uint64_t rejected = vm_host_get_stats().posts_rejected;
    if (post(port, &bad[i])) test_fail(__FILE__, __LINE__, "bad object %d was accepted", (int)i);
    ASSERT_UINT_EQ(vm_host_get_stats().posts_rejected, rejected + 1);
  }
  ASSERT_FALSE(post(port, NULL));
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.posts_accepted, 0);
  ASSERT_GE(stats.invalid_objects, 17);
  ASSERT_UINT_EQ(stats.invalid_strings, 0);
  ASSERT_UINT_EQ(vm_host_pending(port), 0);
  ASSERT_UINT_EQ(vm_host_port_violations(port), 17);
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 1); /* bad[12]: refused, still finalized */

  /* What it accepts at the edges: capability, empty array, empty typed data, depth 200. */
  Dart_CObject capability = {0}, empty_typed = {0};
  capability.type = Dart_CObject_kCapability;
  capability.value.as_capability.id = 77;
  empty_typed.type = Dart_CObject_kTypedData;
  empty_typed.value.as_typed_data.type = Dart_TypedData_kFloat64;
  Dart_CObject empty = array_object(NULL, 0);
  ASSERT_TRUE(post(port, &capability));
  ASSERT_TRUE(post(port, &empty));
  ASSERT_TRUE(post(port, &empty_typed));
  ASSERT_TRUE(post(port, &chain[100]));
  vm_value *m = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  ASSERT_EQ(m->type, Dart_CObject_kCapability);
  ASSERT_EQ(m->value.as_int, 77);
  vm_value_free(m);
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  ASSERT_UINT_EQ(m->value.as_array.length, 0);
  vm_value_free(m);
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  ASSERT_UINT_EQ(m->value.as_typed_data.length_bytes, 0);
  vm_value_free(m);
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  const vm_value *node = m;
  for (int depth = 0; depth < 200; depth++) node = &node->value.as_array.items[0];
  ASSERT_EQ(node->value.as_int, 1);
  vm_value_free(m);
  vm_host_stop();
}

TEST(invalid_utf8_is_refused_as_a_protocol_violation) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  const char *invalid[] = {"\xC0\xAF", "\xED\xA0\x80" /* surrogate: strict */, "ok\xFF", "\xF0\x9F\x91"};
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    Dart_CObject kind = int_object(APP_CORE_MESSAGE_VALUE), text = string_object(invalid[i]);
    Dart_CObject *values[] = {&kind, &text};
    Dart_CObject root = array_object(values, 2);
    ASSERT_FALSE(post(port, &root));
  }
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.invalid_strings, 4);
  ASSERT_UINT_EQ(stats.invalid_objects, 0);
  ASSERT_UINT_EQ(vm_host_port_violations(port), 4);
  vm_outcome outcome = vm_host_await_outcome(port, NO_TIMEOUT); /* returns: no waiting for what cannot come */
  ASSERT_EQ(outcome.kind, -1);
  ASSERT_FALSE(outcome.well_formed);
  vm_outcome_free(&outcome);
  vm_host_stop();
}

/* ---- Protocol decoding ---------------------------------------------------- */

/* Posts an array of ints, e.g. {0, 5} for [0, 5]. */
static void post_ints(Dart_Port port, const int64_t *ints, size_t count) {
  Dart_CObject objects[4];
  Dart_CObject *values[4];
  ASSERT_LE(count, 4);
  for (size_t i = 0; i < count; i++) {
    objects[i] = int_object(ints[i]);
    values[i] = &objects[i];
  }
  Dart_CObject root = array_object(values, (intptr_t)count);
  ASSERT_TRUE(post(port, &root));
}

static vm_outcome outcome_of(const int64_t *first, size_t first_count, const int64_t *second, size_t second_count) {
  Dart_Port port = vm_host_open_port();
  post_ints(port, first, first_count);
  if (second != NULL) post_ints(port, second, second_count);
  return vm_host_await_outcome(port, HUNG_AFTER_NS);
}

TEST(await_outcome_flags_malformed_messages) {
  vm_host_start();
  const int64_t value_missing[] = {0}, value_ok[] = {0, 5}, cancelled[] = {2}, cancelled_extra[] = {2, 1};
  const int64_t error_no_text[] = {1, APP_CORE_IO}, unknown_kind[] = {7};
  vm_outcome o = outcome_of(value_ok, 2, NULL, 0);
  ASSERT_TRUE(o.well_formed); /* the control case */
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_VALUE);
  o = outcome_of(value_missing, 1, NULL, 0);
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_FALSE(o.well_formed);
  o = outcome_of(cancelled_extra, 2, NULL, 0);
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_FALSE(o.well_formed);
  o = outcome_of(error_no_text, 2, NULL, 0);
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_FALSE(o.well_formed);
  o = outcome_of(unknown_kind, 1, cancelled, 1);
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_FALSE(o.well_formed);
  o = outcome_of(cancelled, 1, value_ok, 2); /* something after the final */
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_FALSE(o.well_formed);

  const int64_t codes[] = {APP_CORE_OK, 99, -1, (int64_t)1 << 40};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    Dart_Port port = vm_host_open_port();
    Dart_CObject kind = int_object(APP_CORE_MESSAGE_ERROR), code = int_object(codes[i]), text = string_object("x");
    Dart_CObject *values[] = {&kind, &code, &text};
    Dart_CObject root = array_object(values, 3);
    ASSERT_TRUE(post(port, &root));
    o = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(o.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_FALSE(o.well_formed);
    vm_outcome_free(&o);
  }

  Dart_Port port = vm_host_open_port();
  Dart_CObject real = {0}, kind = int_object(APP_CORE_MESSAGE_VALUE);
  real.type = Dart_CObject_kDouble;
  Dart_CObject *values[] = {&kind, &real};
  Dart_CObject root = array_object(values, 2);
  ASSERT_TRUE(post(port, &root));
  Dart_CObject bare = int_object(0); /* not an array at all */
  ASSERT_TRUE(post(port, &bare));
  o = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(o.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_FALSE(o.well_formed);

  port = vm_host_open_port();
  const int64_t item5[] = {3, 5}, item4[] = {3, 4};
  post_ints(port, item5, 2);
  post_ints(port, item4, 2);
  post_ints(port, cancelled, 1);
  o = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(o.well_formed);
  ASSERT_UINT_EQ(o.item_count, 2);
  ASSERT_EQ(o.first_item, 5);
  ASSERT_EQ(o.last_item, 4);
  ASSERT_FALSE(o.items_increasing);
  vm_outcome_free(&o);

  port = vm_host_open_port(); /* a repeated item is not an increase either */
  post_ints(port, item5, 2);
  post_ints(port, item5, 2);
  post_ints(port, cancelled, 1);
  o = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_UINT_EQ(o.item_count, 2);
  ASSERT_FALSE(o.items_increasing);
  vm_outcome_free(&o);

  port = vm_host_open_port();
  uint64_t start = app_core__now_ns();
  o = vm_host_await_outcome(port, 20000000);
  ASSERT_GE(app_core__now_ns() - start, 20000000);
  ASSERT_EQ(o.kind, -1);
  ASSERT_TRUE(o.well_formed); /* silence is not malformed, just late */
  vm_host_stop();
}

/* ---- Ports and threads ---------------------------------------------------- */

enum { POSTERS = 4, POSTS_EACH = 50000 };

typedef struct poster {
  Dart_Port port;
  int64_t id;
  int64_t refused;
} poster;

static void post_many(void *arg) {
  poster *p = arg;
  Dart_PostCObject_Type function = (Dart_PostCObject_Type)vm_host_api_lookup(vm_host_api_data(), "Dart_PostCObject");
  for (int64_t i = 0; i < POSTS_EACH; i++) {
    Dart_CObject who = int_object(p->id), seq = int_object(i);
    Dart_CObject *values[] = {&who, &seq};
    Dart_CObject root = array_object(values, 2);
    if (!function(p->port, &root)) p->refused++;
  }
}

TEST(concurrent_posters_lose_nothing_and_keep_their_order) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  poster posters[POSTERS];
  app_core__thread threads[POSTERS];
  for (int i = 0; i < POSTERS; i++) {
    posters[i].port = port;
    posters[i].id = i;
    posters[i].refused = 0;
    ASSERT_TRUE(app_core__thread_create(&threads[i], post_many, &posters[i]));
  }
  int64_t next[POSTERS] = {0};
  for (int64_t received = 0; received < (int64_t)POSTERS * POSTS_EACH; received++) {
    vm_value *m = NULL;
    ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
    int64_t who = m->value.as_array.items[0].value.as_int, seq = m->value.as_array.items[1].value.as_int;
    ASSERT_TRUE(who >= 0 && who < POSTERS);
    ASSERT_EQ(seq, next[who]); /* FIFO per poster */
    next[who]++;
    vm_value_free(m);
  }
  for (int i = 0; i < POSTERS; i++) {
    app_core__thread_join(&threads[i]);
    ASSERT_EQ(posters[i].refused, 0);
    ASSERT_EQ(next[i], POSTS_EACH);
  }
  ASSERT_UINT_EQ(vm_host_pending(port), 0);
  ASSERT_UINT_EQ(vm_host_get_stats().posts_accepted, (uint64_t)POSTERS * POSTS_EACH);
  vm_host_stop();
}

TEST(ten_thousand_ports_stay_independent) {
  enum { PORTS = 10000 };
  vm_host_start();
  Dart_Port *ports = malloc(PORTS * sizeof *ports);
  ASSERT_NOT_NULL(ports);
  for (int i = 0; i < PORTS; i++) {
    ports[i] = vm_host_open_port();
    ASSERT_GT(ports[i], (Dart_Port)1 << 32); /* a 32-bit truncation posts nowhere */
    if (i > 0) ASSERT_GT(ports[i], ports[i - 1]);
    Dart_CObject value = int_object(i);
    ASSERT_TRUE(post(ports[i], &value));
  }
  for (int i = 0; i < PORTS; i += 2) vm_host_close_port(ports[i]);
  for (int i = PORTS - 1; i >= 0; i--) {
    Dart_CObject value = int_object(-i);
    vm_value *m = NULL;
    if (i % 2 == 0) {
      ASSERT_FALSE(post(ports[i], &value));
      ASSERT_FALSE(vm_host_receive(ports[i], 0, &m));
      continue;
    }
    ASSERT_UINT_EQ(vm_host_pending(ports[i]), 1);
    ASSERT_TRUE(vm_host_receive(ports[i], 0, &m));
    ASSERT_EQ(m->value.as_int, i);
    vm_value_free(m);
    ASSERT_TRUE(post(ports[i], &value));
  }
  for (int i = 1; i < PORTS; i += 2) {
    ASSERT_UINT_EQ(vm_host_pending(ports[i]), 1);
    vm_host_close_port(ports[i]);
  }
  Dart_Port after = vm_host_open_port();
  ASSERT_GT(after, ports[PORTS - 1]);
  free(ports);
  vm_host_stop();
  vm_host_start();
  ASSERT_GT(vm_host_open_port(), after); /* never reused, even across restarts */
  vm_host_stop();
}

typedef struct blocked_receiver {
  Dart_Port port;
  bool received;
} blocked_receiver;

/* Only a post or the close can end this receive. */
static void receive_once(void *arg) {
  blocked_receiver *r = arg;
  vm_value *m = NULL;
  r->received = vm_host_receive(r->port, NO_TIMEOUT, &m);
  vm_value_free(m);
}

TEST(receive_times_out_wakes_on_post_and_on_close) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  vm_value *m = (vm_value *)&port; /* must be reset to NULL */
  uint64_t start = app_core__now_ns();
  ASSERT_FALSE(vm_host_receive(port, 20000000, &m));
  ASSERT_GE(app_core__now_ns() - start, 20000000);
  ASSERT_NULL(m);
  ASSERT_FALSE(vm_host_receive(port, 0, NULL));

  blocked_receiver r = {port, false};
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, receive_once, &r));
  sleep_ns(50000000);
  Dart_CObject value = int_object(1);
  ASSERT_TRUE(post(port, &value));
  app_core__thread_join(&thread);
  ASSERT_TRUE(r.received);

  r.received = true;
  ASSERT_TRUE(app_core__thread_create(&thread, receive_once, &r));
  sleep_ns(50000000);
  vm_host_close_port(port);
  app_core__thread_join(&thread);
  ASSERT_FALSE(r.received);
  vm_host_stop();
}

/* ---- Isolates: one queue for many ports ------------------------------------ */

/* Receives from the isolate and checks the port and the int it carries. */
static void expect_any(vm_host_isolate *isolate, Dart_Port port, int64_t value) {
  Dart_Port from = APP_CORE__ILLEGAL_PORT;
  vm_value *m = NULL;
  ASSERT_TRUE(vm_host_receive_any(isolate, HUNG_AFTER_NS, &from, &m));
  ASSERT_EQ(from, port);
  ASSERT_EQ(m->type, Dart_CObject_kInt64);
  ASSERT_EQ(m->value.as_int, value);
  vm_value_free(m);
}

TEST(isolate_receives_from_all_its_ports_in_post_order) {
  vm_host_start();
  vm_host_isolate *isolate = vm_host_open_isolate();
  ASSERT_NOT_NULL(isolate);
  Dart_Port a = vm_host_open_port_in(isolate), b = vm_host_open_port_in(isolate), c = vm_host_open_port_in(isolate);
  Dart_Port own = vm_host_open_port(); /* not in the isolate: keeps its own queue */
  ASSERT_GT(a, (Dart_Port)1 << 32);
  ASSERT_TRUE(a != b && b != c);
  const Dart_Port order[] = {a, b, own, a, c, b};
  for (int64_t i = 0; i < 6; i++) {
    Dart_CObject value = int_object(i);
    ASSERT_TRUE(post(order[i], &value));
  }
  ASSERT_UINT_EQ(vm_host_pending(a), 2);
  ASSERT_UINT_EQ(vm_host_pending(own), 1);
  vm_value *m = NULL;
  ASSERT_FALSE(vm_host_receive(a, 0, &m)); /* isolate ports are drained with receive_any */
  expect_any(isolate, a, 0);
  expect_any(isolate, b, 1);
  expect_any(isolate, a, 3);
  expect_any(isolate, c, 4);
  expect_any(isolate, b, 5);
  ASSERT_UINT_EQ(vm_host_pending(a), 0);
  ASSERT_TRUE(vm_host_receive(own, 0, &m)); /* the other port's message stayed there */
  ASSERT_EQ(m->value.as_int, 2);
  vm_value_free(m);

  Dart_Port from = a;
  m = (vm_value *)&from; /* both must be reset */
  uint64_t start = app_core__now_ns();
  ASSERT_FALSE(vm_host_receive_any(isolate, 20000000, &from, &m));
  ASSERT_GE(app_core__now_ns() - start, 20000000);
  ASSERT_EQ(from, APP_CORE__ILLEGAL_PORT);
  ASSERT_NULL(m);
  ASSERT_FALSE(vm_host_receive_any(isolate, 0, &from, NULL));
  ASSERT_EQ(vm_host_open_port_in(NULL), APP_CORE__ILLEGAL_PORT);
  vm_host_close_isolate(isolate);
  vm_host_stop();
}

TEST(isolate_port_close_drops_only_its_messages) {
  finalized = 0;
  vm_host_start();
  vm_host_isolate *isolate = vm_host_open_isolate();
  ASSERT_NOT_NULL(isolate);
  Dart_Port a = vm_host_open_port_in(isolate), b = vm_host_open_port_in(isolate), c = vm_host_open_port_in(isolate);
  Dart_CObject one = int_object(1), two = int_object(2), three = int_object(3), four = int_object(4);
  Dart_CObject data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_TRUE(post(a, &one));
  ASSERT_TRUE(post(b, &two));
  ASSERT_TRUE(post(b, &data));
  ASSERT_TRUE(post(c, &three));
  ASSERT_TRUE(post(b, &four)); /* b's messages first, between and last in the queue */
  vm_host_close_port(b);
  ASSERT_FALSE(post(b, &one)); /* a post after close is refused */
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 1); /* the dropped external data, once */
  expect_any(isolate, a, 1);
  expect_any(isolate, c, 3);
  Dart_Port from = APP_CORE__ILLEGAL_PORT;
  vm_value *m = NULL;
  ASSERT_FALSE(vm_host_receive_any(isolate, 0, &from, &m));
  ASSERT_TRUE(post(c, &four)); /* the queue still appends after a removal at its tail */
  expect_any(isolate, c, 4);

  ASSERT_TRUE(post(a, &two));
  data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_TRUE(post(c, &data));
  vm_host_close_isolate(isolate); /* closes a and c, dropping what they hold */
  ASSERT_FALSE(post(a, &one));
  ASSERT_FALSE(post(c, &one));
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 2);

  isolate = vm_host_open_isolate(); /* vm_host_stop closes its ports too */
  ASSERT_NOT_NULL(isolate);
  a = vm_host_open_port_in(isolate);
  data = external_object(Dart_CObject_kExternalTypedData, 8);
  ASSERT_TRUE(post(a, &data));
  vm_host_stop();
  ASSERT_EQ(finalized, 3);
  ASSERT_FALSE(vm_host_receive_any(isolate, 0, &from, &m));
  vm_host_close_isolate(isolate);
}

enum { ISOLATE_POSTS_EACH = 20000 };

typedef struct isolate_poster {
  Dart_Port port;
  int64_t id;
  int refused;
} isolate_poster;

static void post_many_ints(void *arg) {
  isolate_poster *p = arg;
  for (int64_t i = 0; i < ISOLATE_POSTS_EACH; i++) {
    Dart_CObject value = int_object(p->id * ISOLATE_POSTS_EACH + i);
    if (!post(p->port, &value)) p->refused++;
  }
}

TEST(isolate_drains_concurrent_posters_in_their_order) {
  vm_host_start();
  vm_host_isolate *isolate = vm_host_open_isolate();
  ASSERT_NOT_NULL(isolate);
  isolate_poster posters[POSTERS];
  app_core__thread threads[POSTERS];
  for (int i = 0; i < POSTERS; i++) {
    posters[i].port = vm_host_open_port_in(isolate);
    posters[i].id = i;
    posters[i].refused = 0;
    ASSERT_TRUE(app_core__thread_create(&threads[i], post_many_ints, &posters[i]));
  }
  int64_t next[POSTERS] = {0};
  for (int64_t received = 0; received < (int64_t)POSTERS * ISOLATE_POSTS_EACH; received++) {
    Dart_Port from = APP_CORE__ILLEGAL_PORT;
    vm_value *m = NULL;
    ASSERT_TRUE(vm_host_receive_any(isolate, HUNG_AFTER_NS, &from, &m));
    int64_t who = m->value.as_int / ISOLATE_POSTS_EACH;
    ASSERT_TRUE(who >= 0 && who < POSTERS);
    ASSERT_EQ(from, posters[who].port);
    ASSERT_EQ(m->value.as_int % ISOLATE_POSTS_EACH, next[who]); /* FIFO per port */
    next[who]++;
    vm_value_free(m);
  }
  for (int i = 0; i < POSTERS; i++) {
    app_core__thread_join(&threads[i]);
    ASSERT_EQ(posters[i].refused, 0);
  }
  vm_host_close_isolate(isolate);
  vm_host_stop();
}

/* ---- The other table entries ---------------------------------------------- */

static int handled;
static int64_t handled_sum;
static char handled_text[16];

static void handler(Dart_Port port, Dart_CObject *message) {
  (void)port;
  handled++;
  if (message->type == Dart_CObject_kInt64) handled_sum += message->value.as_int64;
  if (message->type == Dart_CObject_kArray && message->value.as_array.length == 2) {
    handled_sum += message->value.as_array.values[0]->value.as_int64;
    strncpy(handled_text, message->value.as_array.values[1]->value.as_string, sizeof handled_text - 1);
  }
}

TEST(post_integer_and_native_ports) {
  handled = 0;
  handled_sum = 0;
  finalized = 0;
  vm_host_start();
  void *table = vm_host_api_data();
  Dart_PostInteger_Type post_integer = (Dart_PostInteger_Type)vm_host_api_lookup(table, "Dart_PostInteger");
  Dart_NewNativePort_Type new_native = (Dart_NewNativePort_Type)vm_host_api_lookup(table, "Dart_NewNativePort");
  Dart_CloseNativePort_Type close_native = (Dart_CloseNativePort_Type)vm_host_api_lookup(table, "Dart_CloseNativePort");
  ASSERT_TRUE(post_integer != NULL && new_native != NULL && close_native != NULL);

  Dart_Port port = vm_host_open_port();
  ASSERT_TRUE(post_integer(port, INT64_MIN));
  vm_value *m = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &m));
  ASSERT_EQ(m->type, Dart_CObject_kInt64);
  ASSERT_EQ(m->value.as_int, INT64_MIN);
  vm_value_free(m);

  ASSERT_EQ(new_native("no handler", NULL, false), APP_CORE__ILLEGAL_PORT);
  Dart_Port native = new_native("native", handler, false);
  ASSERT_GT(native, port);
  ASSERT_TRUE(post_integer(native, 40));
  char text[] = "copied";
  Dart_CObject two = int_object(2), str = string_object(text);
  Dart_CObject *values[] = {&two, &str};
  Dart_CObject root = array_object(values, 2);
  ASSERT_TRUE(post(native, &root));
  Dart_CObject data = external_object(Dart_CObject_kExternalTypedData, 3);
  ASSERT_TRUE(post(native, &data));
  ASSERT_EQ(handled, 3); /* on the posting thread, before the post returned */
  ASSERT_EQ(handled_sum, 42);
  ASSERT_STR_EQ(handled_text, "copied");
  ASSERT_UINT_EQ(vm_host_pending(native), 0);
  ASSERT_FALSE(vm_host_receive(native, 0, &m));
  vm_host_collect_garbage();
  ASSERT_EQ(finalized, 1);

  ASSERT_FALSE(close_native(port)); /* not a native port */
  ASSERT_TRUE(close_native(native));
  ASSERT_FALSE(close_native(native));
  ASSERT_FALSE(post_integer(native, 1));
  ASSERT_EQ(handled, 3);
  ASSERT_TRUE(post_integer(port, 1)); /* the receive port is untouched */
  vm_host_stop();
  ASSERT_FALSE(post_integer(port, 1));
  ASSERT_EQ(new_native("stopped", handler, false), APP_CORE__ILLEGAL_PORT);
}

TEST(variant_tables_and_unexpected_calls) {
  vm_host_start();
  const app_core__dart_api_data *base = vm_host_api_data();
  ASSERT_EQ(base->major, 2);
  ASSERT_EQ(base->minor, 5);
  const app_core__dart_api_data *variant = vm_host_api_data_variant(3, "Dart_NewNativePort");
  ASSERT_NOT_NULL(variant);
  ASSERT_EQ(variant->major, 3);
  ASSERT_NULL(vm_host_api_lookup(variant, "Dart_NewNativePort"));
  ASSERT_NOT_NULL(vm_host_api_lookup(base, "Dart_NewNativePort"));
  ASSERT_TRUE(vm_host_api_lookup(variant, "Dart_PostCObject") == vm_host_api_lookup(base, "Dart_PostCObject"));
  ASSERT_NULL(vm_host_api_lookup(base, "Dart_NoSuchFunction"));

  void (*is_error)(void) = vm_host_api_lookup(base, "Dart_IsError");
  ASSERT_NOT_NULL(is_error);
  is_error(); /* a trap with the table's own type: counted, harmless */
  ASSERT_UINT_EQ(vm_host_get_stats().unexpected_calls, 1);
  vm_host_stop();
}
