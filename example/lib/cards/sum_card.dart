import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/two_number_card.dart';

const _description =
    'Synchronous. 2147483647 + 1 wraps to -2147483648; a number outside '
    '32 bits is refused with a RangeError before the call.';

/// `AppCore.sum`: 32-bit addition that wraps instead of overflowing.
class SumCard extends StatelessWidget {
  const SumCard({super.key});

  @override
  Widget build(BuildContext context) {
    return const TwoNumberCard(
      title: 'Sum',
      description: _description,
      symbol: '+',
      actionLabel: 'Add a and b',
      initialA: 2,
      initialB: 3,
      operation: AppCore.sum,
    );
  }
}
