/// The backend's version, as `--version` and the health endpoint report it.
public enum BackendVersion {
    public static let current = "1.0.0-dev"
}
