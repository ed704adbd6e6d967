/// A setting that is missing or has a bad value; its description names the setting, the value
/// and what is expected.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The setting concerned.
    public var setting: Setting
    /// What is wrong with it.
    public var message: String

    public init(_ setting: Setting, _ message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }
}
