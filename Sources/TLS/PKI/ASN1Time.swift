import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions between `ASN1_TIME` and Unix seconds.
enum ASN1Time {
    /// `time` as seconds since 1970-01-01 UTC, or nil if it cannot be read.
    static func unixSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        return Int64(timegm(&parts))
    }

    /// Sets `time` to `seconds` since 1970-01-01 UTC (UTCTime before 2050, GeneralizedTime after,
    /// as RFC 5280 requires).
    static func set(_ time: UnsafeMutablePointer<ASN1_TIME>?, unixSeconds seconds: Int64) throws {
        OpenSSLErrorQueue.clear()
        guard let time, ASN1_TIME_set(time, time_t(seconds)) != nil else {
            throw TLSError.openSSL(.certificateIssuance, "could not set a certificate time to \(seconds)")
        }
    }

    /// The current time in Unix seconds.
    static func now() -> Int64 {
        Int64(time(nil))
    }
}
