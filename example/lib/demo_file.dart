import 'dart:io';
import 'dart:typed_data';

/// Writes [size] bytes (a multiple of 1 MiB) to a new file in [directory].
///
/// Each chunk is an awaited asynchronous write, so the UI isolate draws
/// frames in between. [onProgress] gets the bytes written so far after each
/// chunk. Once [shouldStop] returns true the writing stops and the function
/// returns null; otherwise it returns the file.
Future<File?> writeDemoFile(
  Directory directory, {
  required int size,
  required void Function(int written) onProgress,
  required bool Function() shouldStop,
}) async {
  final chunk = Uint8List(1 << 20);
  for (var i = 0; i < chunk.length; i++) {
    chunk[i] = (i * 31 + 7) & 0xFF;
  }
  final file = File('${directory.path}/app_core_example_hash.bin');
  final output = await file.open(mode: FileMode.write);
  try {
    for (var written = 0; written < size; written += chunk.length) {
      if (shouldStop()) return null;
      await output.writeFrom(chunk);
      onProgress(written + chunk.length);
    }
  } finally {
    await output.close();
  }
  return file;
}

/// Deletes [directory] and what it holds, ignoring failure (Windows, for
/// one, refuses to delete a file another handle still has open): a leftover
/// in the temporary directory is harmless.
Future<void> deleteQuietly(Directory directory) async {
  try {
    await directory.delete(recursive: true);
  } on FileSystemException {
    // Left for the operating system's temporary-file cleanup.
  }
}
