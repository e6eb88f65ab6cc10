import React, { useState } from "react";

/** Props of the button. */
export interface ButtonProps {
  label: string;
  onClick?: (e: React.MouseEvent<HTMLButtonElement>) => void;
  children?: React.ReactNode;
}

/** A button. */
export function Button({ label, onClick }: ButtonProps): JSX.Element {
  const [n, setN] = useState(0);
  return <button onClick={onClick}>{label} {n}</button>;
}

export const Card = ({ title }: { title: string }) => (
  <div className="card">
    <h1>{title}</h1>
  </div>
);

export default class Page extends React.Component<Props, State> {
  render() {
    return <main><Button label="x" /></main>;
  }
}
