/// One event of `AppCore.sha256File`: zero or more [Sha256Progress] events,
/// then exactly one [Sha256Digest].
sealed class Sha256Event {
  const Sha256Event();
}

/// How many bytes of the file have been hashed so far.
///
/// The counts increase, and the last one before the [Sha256Digest] equals the
/// file's size.
final class Sha256Progress extends Sha256Event {
  /// Creates a progress event for [bytesHashed] bytes.
  const Sha256Progress(this.bytesHashed);

  /// The number of bytes hashed so far.
  final int bytesHashed;

  @override
  bool operator ==(Object other) =>
      other is Sha256Progress && other.bytesHashed == bytesHashed;

  @override
  int get hashCode => bytesHashed.hashCode;

  @override
  String toString() => 'Sha256Progress($bytesHashed)';
}

/// The SHA-256 digest of the whole file: the stream's last event.
final class Sha256Digest extends Sha256Event {
  /// Creates the event for the digest [hex].
  const Sha256Digest(this.hex);

  /// The digest as 64 lowercase hexadecimal digits.
  final String hex;

  @override
  bool operator ==(Object other) => other is Sha256Digest && other.hex == hex;

  @override
  int get hashCode => hex.hashCode;

  @override
  String toString() => 'Sha256Digest($hex)';
}
