import 'dart:convert';
import 'dart:typed_data';

import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/button_wrap.dart';
import '../widgets/feature_card.dart';
import '../widgets/outcome_text.dart';

const _description =
    'Each change feeds the text to a native Sha256Hasher one line at a time '
    '(each add hashes the bytes in place), then closes it, which frees the '
    'native object at once. A hasher that is never closed is freed by its '
    'NativeFinalizer once the garbage collector finds it: drop some to watch.';

/// How many unclosed hashers one press of the button drops.
const _dropBatch = 100;

/// How many dropped hashers the garbage collector has collected so far. A
/// Dart [Finalizer] on each dropped hasher counts it: it sees the collection
/// of the same object whose NativeFinalizer calls `app_core_hasher_free`, so
/// each count is a native hasher freed without `close()`. When the collector
/// runs is the VM's to decide, so the count rises when it does.
final _collected = ValueNotifier<int>(0);
final _collectionCounter = Finalizer<int>((_) {
  _collected.value++;
});

/// `Sha256Hasher`: an incremental SHA-256 owned by a Dart object.
class HasherCard extends StatefulWidget {
  const HasherCard({super.key});

  @override
  State<HasherCard> createState() => _HasherCardState();
}

class _HasherCardState extends State<HasherCard> {
  final _input = TextEditingController(text: 'abc');
  String? _result;
  Object? _error;
  int _dropped = 0;

  @override
  void initState() {
    super.initState();
    final (result, error) = _hash(_input.text);
    _result = result;
    _error = error;
  }

  @override
  void dispose() {
    _input.dispose();
    super.dispose();
  }

  void _update(String text) {
    final (result, error) = _hash(text);
    setState(() {
      _result = result;
      _error = error;
    });
  }

  /// The digest of [text] and how it was fed, or the error.
  static (String?, Object?) _hash(String text) {
    try {
      final bytes = utf8.encode(text);
      final hasher = Sha256Hasher();
      var adds = 0;
      var start = 0;
      while (start < bytes.length) {
        var end = bytes.indexOf(0x0A, start) + 1;
        if (end == 0) end = bytes.length;
        hasher.add(Uint8List.sublistView(bytes, start, end));
        adds++;
        start = end;
      }
      final digest = hasher.close();
      return (
        '$digest\n${bytes.length} bytes in $adds adds; '
            'isClosed: ${hasher.isClosed}',
        null,
      );
    } catch (error) {
      return (null, error);
    }
  }

  /// Makes [_dropBatch] hashers, feeds each a little, and lets them go
  /// without `close()`: only their finalizers free them now.
  void _dropUnclosed() {
    for (var i = 0; i < _dropBatch; i++) {
      final hasher = Sha256Hasher()..add(Uint8List(64));
      _collectionCounter.attach(hasher, i);
    }
    setState(() => _dropped += _dropBatch);
  }

  @override
  Widget build(BuildContext context) {
    return FeatureCard(
      title: 'SHA-256, incrementally (a native object)',
      description: _description,
      children: [
        TextField(
          controller: _input,
          minLines: 1,
          maxLines: 4,
          onChanged: _update,
          decoration: const InputDecoration(
            labelText: 'text',
            border: OutlineInputBorder(),
          ),
        ),
        OutcomeText(result: _result, error: _error),
        ButtonWrap(
          children: [
            OutlinedButton(
              onPressed: _dropUnclosed,
              child: const Text('Drop $_dropBatch unclosed'),
            ),
          ],
        ),
        ValueListenableBuilder<int>(
          valueListenable: _collected,
          builder: (context, collected, _) {
            return Text(
              '$_dropped dropped without close(); $collected collected, '
              'each freed by its NativeFinalizer',
            );
          },
        ),
      ],
    );
  }
}
