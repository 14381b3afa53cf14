/// The program's version, shown on pages, in `--version` and in the User-Agent.
public enum SigninVersion {
    public static let string = "0.1.0"
}
