/*
 * test_dart_api.c: app_core_init_dart_api() and app_core__dart_post() against
 * the test VM host.
 *
 * The table the core keeps is process-global. Under ctest every test runs in
 * a fresh process; run without arguments, all tests share one process in any
 * order. So no test assumes "not initialised" unless it observes it, and every
 * failing init is checked to leave a previous good table in force.
 */
#include <stddef.h>

#include "core/dart_api.h"
#include "core/dart_message.h"
#include "dart_vm_host.h"
#include "test.h"

static const char *const required_functions[] = {"Dart_PostCObject", "Dart_PostInteger", "Dart_NewNativePort",
                                                 "Dart_CloseNativePort"};

/* Posts [0, value] through the core and checks it arrives intact. */
static void assert_post_arrives(Dart_Port port, int64_t value) {
  app_core__message message;
  ASSERT_TRUE(app_core__dart_post(port, app_core__message_value_int(&message, value)));
  vm_value *received = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &received));
  ASSERT_EQ(received->type, Dart_CObject_kArray);
  ASSERT_UINT_EQ(received->value.as_array.length, 2);
  ASSERT_EQ(received->value.as_array.items[1].value.as_int, value);
  vm_value_free(received);
}

/* Every table the core must refuse, checked to leave the current state alone. */
static void assert_bad_tables_refused(void) {
  ASSERT_EQ(app_core_init_dart_api(NULL), -1);
  const int bad_majors[] = {1, 3, 0, -1};
  for (size_t i = 0; i < sizeof bad_majors / sizeof bad_majors[0]; i++) {
    ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(bad_majors[i], NULL)), -1);
  }
  for (size_t i = 0; i < sizeof required_functions / sizeof required_functions[0]; i++) {
    void *table = vm_host_api_data_variant(2, required_functions[i]);
    ASSERT_NOT_NULL(table);
    ASSERT_NULL(vm_host_api_lookup(table, required_functions[i]));
    ASSERT_EQ(app_core_init_dart_api(table), -1);
  }
  app_core__dart_api_data no_functions = {2, 5, NULL};
  ASSERT_EQ(app_core_init_dart_api(&no_functions), -1);
  const app_core__dart_api_entry only_end[] = {{NULL, NULL}};
  app_core__dart_api_data empty = {2, 5, only_end};
  ASSERT_EQ(app_core_init_dart_api(&empty), -1);
}

TEST(cobject_enums_match_the_published_abi) {
  /* Values from dart_native_api.h / dart_api.h: the VM reads them as numbers. */
  ASSERT_EQ(Dart_CObject_kNull, 0);
  ASSERT_EQ(Dart_CObject_kString, 5);
  ASSERT_EQ(Dart_CObject_kArray, 6);
  ASSERT_EQ(Dart_CObject_kExternalTypedData, 8);
  ASSERT_EQ(Dart_CObject_kSendPort, 9);
  ASSERT_EQ(Dart_CObject_kNativePointer, 11);
  ASSERT_EQ(Dart_CObject_kUnsupported, 12);
  ASSERT_EQ(Dart_CObject_kUnmodifiableExternalTypedData, 13);
  ASSERT_EQ(Dart_CObject_kNumberOfTypes, 14);
  ASSERT_EQ(Dart_TypedData_kUint8, 2);
  ASSERT_EQ(Dart_TypedData_kFloat64x2, 14);
  ASSERT_EQ(Dart_TypedData_kInvalid, 15);
}

/* The VM reads our messages with its own compiler's layout of dart_native_api.h's
 * Dart_CObject, so ours must match it on every target, 32-bit ones included
 * (a 64-bit field, or int64_t where the header has intptr_t, would shift it):
 * - 64-bit: the union (8-aligned) at 8; as_external_typed_data, 5 words, is
 *   the largest member: 8 + 40 = 48 bytes;
 * - 32-bit ARM (AAPCS): int64_t and double are 8-aligned, so the union is
 *   still at 8; 5 words = 20 bytes, rounded to 8: 8 + 24 = 32 bytes;
 * - i386 System V (the m32 stage): int64_t and double are 4-aligned inside
 *   structs, so the union is at 4: 4 + 20 = 24 bytes.
 * In every case the union's members start at 0 and step by a word, but
 * as_send_port, two int64_t. */
TEST(cobject_layout_matches_the_vm_abi_of_this_target) {
#if UINTPTR_MAX > 0xFFFFFFFFu
  const size_t word = 8, value_at = 8, size = 48;
#elif defined(__arm__) || defined(_M_ARM)
  const size_t word = 4, value_at = 8, size = 32;
#elif defined(__i386__) && !defined(_WIN32)
  const size_t word = 4, value_at = 4, size = 24;
#else
  const size_t word = 0, value_at = 0, size = 0;
  test_fail(__FILE__, __LINE__,
            "Dart_CObject's layout on this 32-bit ABI is not derived yet: do so from dart_native_api.h");
#endif
  ASSERT_EQ(sizeof(intptr_t), word);
  ASSERT_EQ(sizeof(Dart_CObject), size);
  ASSERT_EQ(offsetof(Dart_CObject, type), 0);
  ASSERT_EQ(offsetof(Dart_CObject, value), value_at);
  ASSERT_EQ(sizeof(Dart_Port), 8); /* int64_t on every target, never intptr_t */
#define AT(member) (offsetof(Dart_CObject, value.member) - value_at)
  ASSERT_EQ(AT(as_int64), 0);
  ASSERT_EQ(AT(as_double), 0);
  ASSERT_EQ(AT(as_send_port.id), 0);
  ASSERT_EQ(AT(as_send_port.origin_id), 8);
  ASSERT_EQ(AT(as_array.length), 0);
  ASSERT_EQ(AT(as_array.values), word);
  ASSERT_EQ(AT(as_typed_data.type), 0);
  ASSERT_EQ(AT(as_typed_data.length), word);
  ASSERT_EQ(AT(as_typed_data.values), 2 * word);
  ASSERT_EQ(AT(as_external_typed_data.type), 0);
  ASSERT_EQ(AT(as_external_typed_data.length), word);
  ASSERT_EQ(AT(as_external_typed_data.data), 2 * word);
  ASSERT_EQ(AT(as_external_typed_data.peer), 3 * word);
  ASSERT_EQ(AT(as_external_typed_data.callback), 4 * word);
  ASSERT_EQ(AT(as_native_pointer.ptr), 0);
  ASSERT_EQ(AT(as_native_pointer.size), word);
  ASSERT_EQ(AT(as_native_pointer.callback), 2 * word);
#undef AT
}

TEST(init_rejects_null_data) { ASSERT_EQ(app_core_init_dart_api(NULL), -1); }

TEST(init_rejects_other_major_versions) {
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(1, NULL)), -1);
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(3, NULL)), -1);
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(2, NULL)), 0); /* same table, right major */
  vm_host_stop();
}

TEST(init_rejects_a_table_missing_any_required_function) {
  vm_host_start();
  for (size_t i = 0; i < sizeof required_functions / sizeof required_functions[0]; i++) {
    ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(2, required_functions[i])), -1);
  }
  app_core__dart_api_data no_functions = {2, 5, NULL};
  ASSERT_EQ(app_core_init_dart_api(&no_functions), -1);
  /* A function the core does not need may be missing. */
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(2, "Dart_IsError")), 0);
  vm_host_stop();
}

TEST(init_accepts_a_valid_table_again_and_posting_works) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  ASSERT_TRUE(app_core__dart_ready());
  assert_post_arrives(port, 7);
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0); /* hot restart, second isolate */
  assert_post_arrives(port, 8);
  /* The core looks entries up by name, not position: reverse the table. */
  const app_core__dart_api_data *original = vm_host_api_data();
  size_t count = 0;
  while (original->functions[count].name != NULL) count++;
  app_core__dart_api_entry reversed[64];
  ASSERT_LT(count, 64);
  for (size_t i = 0; i < count; i++) reversed[i] = original->functions[count - 1 - i];
  reversed[count].name = NULL;
  reversed[count].function = NULL;
  app_core__dart_api_data reversed_data = {2, original->minor, reversed};
  ASSERT_EQ(app_core_init_dart_api(&reversed_data), 0);
  assert_post_arrives(port, 9);
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.posts_accepted, 3);
  ASSERT_UINT_EQ(stats.unexpected_calls, 0);
  vm_host_stop();
}

TEST(post_fails_before_init_and_failed_inits_change_nothing) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  app_core__message message;
  if (!app_core__dart_ready()) {
    /* Always the case under ctest (one process per test). */
    ASSERT_FALSE(app_core__dart_post(port, app_core__message_cancelled(&message)));
    assert_bad_tables_refused();
    ASSERT_FALSE(app_core__dart_ready());
    ASSERT_FALSE(app_core__dart_post(port, app_core__message_cancelled(&message)));
    ASSERT_UINT_EQ(vm_host_pending(port), 0);
    ASSERT_UINT_EQ(vm_host_get_stats().posts_accepted + vm_host_get_stats().posts_rejected, 0);
  }
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  assert_bad_tables_refused();
  ASSERT_TRUE(app_core__dart_ready());
  assert_post_arrives(port, 1);
  vm_host_stop();
}

TEST(failed_init_keeps_the_previous_table) {
  vm_host_start();
  Dart_Port port = vm_host_open_port();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  for (size_t i = 0; i < sizeof required_functions / sizeof required_functions[0]; i++) {
    ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(2, required_functions[i])), -1);
    assert_post_arrives(port, (int64_t)i);
  }
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data_variant(3, NULL)), -1);
  assert_post_arrives(port, 100);
  vm_host_stop();
}

TEST(post_to_a_closed_or_unknown_port_fails) {
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  Dart_Port port = vm_host_open_port();
  app_core__message message;
  ASSERT_TRUE(app_core__dart_post(port, app_core__message_cancelled(&message)));
  vm_host_close_port(port);
  ASSERT_FALSE(app_core__dart_post(port, app_core__message_cancelled(&message)));
  ASSERT_FALSE(app_core__dart_post(APP_CORE__ILLEGAL_PORT, app_core__message_cancelled(&message)));
  ASSERT_FALSE(app_core__dart_post(port + 1000000, app_core__message_cancelled(&message)));
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.posts_accepted, 1);
  ASSERT_UINT_EQ(stats.posts_rejected, 3);
  vm_host_stop();
}

TEST(post_after_host_stop_fails_safely) {
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  Dart_Port port = vm_host_open_port();
  vm_host_stop();
  /* The core keeps the function pointers; the host refuses instead of crashing. */
  app_core__message message;
  ASSERT_FALSE(app_core__dart_post(port, app_core__message_value_int(&message, 1)));
  vm_host_start();
  Dart_Port next = vm_host_open_port();
  ASSERT_GT(next, port);
  assert_post_arrives(next, 2);
  vm_host_stop();
}
