export function Html({ html }: { html: string }) {
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Safe({ text }: { text: string }) {
  // dangerouslySetInnerHTML in a comment is not a finding
  return (
    <p title="dangerouslySetInnerHTML" data-x={"eval(text)"}>
      dangerouslySetInnerHTML eval(text) {text}
    </p>
  );
}

export function Props(props: any) {
  return <span {...props} />;
}
