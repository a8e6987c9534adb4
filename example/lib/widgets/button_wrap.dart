import 'package:flutter/widgets.dart';

/// A card's buttons on a line that wraps: with large text or on a narrow
/// screen a button moves to the next line instead of overflowing, and the
/// text fields, which sit on their own lines above, keep their full width.
class ButtonWrap extends StatelessWidget {
  const ButtonWrap({super.key, required this.children});

  final List<Widget> children;

  @override
  Widget build(BuildContext context) {
    return Wrap(
      spacing: 12,
      runSpacing: 8,
      crossAxisAlignment: WrapCrossAlignment.center,
      children: children,
    );
  }
}
