import 'dart:io';
import 'dart:math' as math;
import 'dart:typed_data';

import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

import 'matchers.dart';

const abcDigest =
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const emptyDigest =
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/// [length] bytes of a pattern that does not repeat every 64 bytes, so a
/// wrongly split or reordered input changes the digest.
Uint8List patternBytes(int length) {
  final bytes = Uint8List(length);
  for (var i = 0; i < length; i++) {
    bytes[i] = (i * 31 + (i >> 8)) & 0xFF;
  }
  return bytes;
}

void main() {
  const leafMax = AppCore.sha256BytesLeafMax;

  group('readFile', () {
    late Directory directory;

    setUp(() {
      directory = Directory.systemTemp.createTempSync('app_core_test_');
    });

    tearDown(() {
      directory.deleteSync(recursive: true);
    });

    String path(String name) =>
        '${directory.path}${Platform.pathSeparator}$name';

    String writeFile(String name, List<int> bytes) {
      File(path(name)).writeAsBytesSync(bytes);
      return path(name);
    }

    test('returns the bytes of a small file', () async {
      final file = writeFile('abc', [97, 98, 99]);
      final bytes = await AppCore.readFile(file).value;
      expect(bytes, isA<Uint8List>());
      expect(bytes, [97, 98, 99]);
    });

    test('returns an empty list for an empty file', () async {
      final bytes = await AppCore.readFile(writeFile('empty', const [])).value;
      expect(bytes, isEmpty);
    });

    test('returns a multi-MiB file exactly', () async {
      final written = patternBytes(5 * 1024 * 1024 + 17);
      final bytes = await AppCore.readFile(writeFile('big', written)).value;
      expect(bytes.length, written.length);
      expect(bytes, written);
    });

    test('returns a list Dart may change and hash', () async {
      final file = writeFile('abc', [97, 98, 99]);
      final bytes = await AppCore.readFile(file).value;
      expect(await AppCore.sha256Bytes(bytes), abcDigest);
      final hasher = Sha256Hasher()..add(bytes);
      expect(hasher.close(), abcDigest);
      bytes[0] = 0;
      expect(bytes, [0, 98, 99]);
    });

    test('reports a missing file as an I/O error naming it', () async {
      try {
        await AppCore.readFile(path('missing')).value;
        fail('reading a missing file succeeded');
      } on AppCoreException catch (e) {
        expect(e.code, AppCoreErrorCode.io);
        expect(e.message, contains('missing'));
      }
    });

    test('reports a directory as an I/O error', () async {
      await expectLater(
        AppCore.readFile(directory.path).value,
        throwsAppCore(AppCoreErrorCode.io),
      );
    });

    test('cancelling ends the operation', () async {
      final file = writeFile('big', patternBytes(1 << 24));
      final operation = AppCore.readFile(file);
      await operation.cancel();
      expect(operation.isCanceled, isTrue);
      expect(await operation.valueOrCancellation(), isNull);
    });

    test('rejects U+0000 at once', () {
      expect(() => AppCore.readFile('a\u0000b'), throwsArgumentError);
    });
  });

  group('sha256Bytes', () {
    test('hashes "abc" and the empty input', () async {
      final abc = Uint8List.fromList('abc'.codeUnits);
      expect(await AppCore.sha256Bytes(abc), abcDigest);
      expect(await AppCore.sha256Bytes(Uint8List(0)), emptyDigest);
    });

    // Views are documented to have an .address (dart-lang/sdk
    // tests/ffi/address_of_typeddata_generated_test.dart); unmodifiable views
    // are not, so this checks them too.
    test('hashes views and unmodifiable views in place', () async {
      final framed = Uint8List.fromList('xxabcxx'.codeUnits);
      final view = Uint8List.sublistView(framed, 2, 5);
      expect(await AppCore.sha256Bytes(view), abcDigest);
      expect(await AppCore.sha256Bytes(view.asUnmodifiableView()), abcDigest);
    });

    test('agrees with the hasher at, below and above the limit', () async {
      for (final length in [leafMax - 1, leafMax, leafMax + 1, 3 * leafMax]) {
        final bytes = patternBytes(length);
        final hasher = Sha256Hasher()..add(bytes);
        expect(
          await AppCore.sha256Bytes(bytes),
          hasher.close(),
          reason: '$length bytes',
        );
      }
    });

    test('hashes a multi-MiB input on a worker', () async {
      final bytes = patternBytes(8 * 1024 * 1024);
      final hasher = Sha256Hasher();
      for (var start = 0; start < bytes.length; start += 1000) {
        final end = math.min(start + 1000, bytes.length);
        hasher.add(Uint8List.sublistView(bytes, start, end));
      }
      expect(await AppCore.sha256Bytes(bytes), hasher.close());
    });
  });

  group('Sha256Hasher', () {
    test('chunked adds give the one-shot digest', () async {
      final bytes = patternBytes(200000);
      final oneShot = await AppCore.sha256Bytes(bytes);
      for (final size in [1, 63, 64, 65, 1000, leafMax, leafMax + 1]) {
        final hasher = Sha256Hasher();
        for (var start = 0; start < bytes.length; start += size) {
          final end = math.min(start + size, bytes.length);
          hasher.add(Uint8List.sublistView(bytes, start, end));
        }
        expect(hasher.close(), oneShot, reason: 'pieces of $size bytes');
      }
    });

    test('hashes "abc" and nothing', () {
      final abc = Sha256Hasher()
        ..add(Uint8List.fromList('ab'.codeUnits))
        ..add(Uint8List(0))
        ..add(Uint8List.fromList('c'.codeUnits));
      expect(abc.close(), abcDigest);
      expect(Sha256Hasher().close(), emptyDigest);
    });

    test('one add larger than the limit', () async {
      final bytes = patternBytes(5 * leafMax + 3);
      final hasher = Sha256Hasher()..add(bytes);
      expect(hasher.close(), await AppCore.sha256Bytes(bytes));
    });

    test('close twice, or add after close, is a StateError', () {
      final hasher = Sha256Hasher();
      expect(hasher.isClosed, isFalse);
      hasher.close();
      expect(hasher.isClosed, isTrue);
      expect(hasher.close, throwsStateError);
      expect(() => hasher.add(Uint8List(1)), throwsStateError);
      expect(() => hasher.add(Uint8List(0)), throwsStateError);
    });

    test('hashers never closed are left to the finalizer', () {
      // Their native memory is freed when the garbage collector finds them;
      // when that happens cannot be observed here, only that nothing breaks.
      for (var i = 0; i < 100000; i++) {
        Sha256Hasher().add(Uint8List(64));
      }
      expect(Sha256Hasher().close(), emptyDigest);
    });
  });
}
