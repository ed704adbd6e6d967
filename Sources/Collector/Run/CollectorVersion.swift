/// The collector's version, shown by `pganalytics --version` and sent in HELLO.
public enum CollectorVersion {
    public static let current = "1.0.0-dev"
    /// `pganalytics/<version>`, the HELLO software field.
    public static var software: String { "pganalytics/\(current)" }
}
