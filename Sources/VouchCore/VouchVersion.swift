/// Vouch's version, as `vouch --version` prints it and as documents record their creator tool.
public enum VouchVersion {
    public static let current = "0.1.0"
}
