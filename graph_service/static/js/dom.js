// Building the panels' elements.

/** A new `tag` element with properties `attrs` and the given children (nodes or text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, attrs);
  node.append(...children);
  return node;
}
