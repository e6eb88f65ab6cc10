/** A shape. */
@Component({ selector: "app" })
export abstract class Shape<T> extends Base<T> implements Drawable, Serializable {
  /** The identifier. */
  @Input() public readonly id: string = "x";
  static count: number;
  protected label?: string;
  private secret = 1;
  #hidden: boolean;
  declare untyped;

  constructor(private readonly name: string, public size?: number, plain: boolean) {
    super();
  }

  /** Area of the shape. */
  abstract area(): number;

  protected static async create(): Promise<Shape<number>> {
    return null as any;
  }

  get width(): number { return 1; }
  set width(v: number) {}

  #internal(): void {}
  private helper(x: number): void {}

  /** Decorated method. */
  @log
  @memo()
  describe(): string { return ""; }

  *items(): Iterator<T> {}

  overloaded(a: string): void;
  overloaded(a: number): void;
  overloaded(a: any): void {}
}

class Local {
  method(): void {}
}

export default class {
  run(): void {}
}
