import 'dart:math' as math;
import 'dart:typed_data';

import 'package:app_core/app_core.dart';

import 'report.dart';

const _abcDigest =
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/// Reads the file at [path] (the 64 MiB demo file, whose SHA-256 is
/// [expectedDigest]) into a [Uint8List] without a copy, hashes those bytes
/// with `sha256Bytes` and with a `Sha256Hasher`, and reads a file that does
/// not exist ([missingPath]).
Future<void> bytesTour(
  Report report,
  String path,
  String expectedDigest,
  String missingPath,
) async {
  report.section('bytes: a file read without a copy, hashed in place');
  report.show('readFileMaxBytes', '${AppCore.readFileMaxBytes}');
  // Up to this many bytes hash on this thread; the 64 MiB go to a worker.
  report.show('sha256BytesLeafMax', '${AppCore.sha256BytesLeafMax}');
  final stopwatch = Stopwatch()..start();
  Uint8List? bytes;
  try {
    bytes = await AppCore.readFile(path).value;
    report.show('readFile(<64 MiB file>)', '${bytes.length} bytes');
    report.note('read in ${stopwatch.elapsedMilliseconds} ms');
  } catch (error) {
    report.show('readFile(<64 MiB file>)', describeError(error));
  }
  final read = bytes;
  report.expect(read?.length == 64 << 20, 'readFile returns all 64 MiB');
  if (read != null) {
    await report.checkAsync(
      'sha256Bytes(<the 64 MiB read>)',
      () => AppCore.sha256Bytes(read),
      expected: expectedDigest,
    );
    report.check(
      'Sha256Hasher, 64 MiB in 1 MiB adds',
      () => _hashInPieces(read, 1 << 20),
      expected: expectedDigest,
    );
  }
  await report.checkAsync(
    'sha256Bytes("abc")',
    () => AppCore.sha256Bytes(Uint8List.fromList('abc'.codeUnits)),
    expected: _abcDigest,
  );
  await report.checkAsync(
    'readFile("missing.bin")',
    () => AppCore.readFile(missingPath).value,
    fails: failsWithCode(AppCoreErrorCode.io),
  );
  final hasher = Sha256Hasher();
  hasher.close();
  report.check(
    'Sha256Hasher: close() twice',
    hasher.close,
    fails: (error) => error is StateError,
  );
}

String _hashInPieces(Uint8List bytes, int size) {
  final hasher = Sha256Hasher();
  for (var start = 0; start < bytes.length; start += size) {
    final end = math.min(start + size, bytes.length);
    hasher.add(Uint8List.sublistView(bytes, start, end));
  }
  return hasher.close();
}
