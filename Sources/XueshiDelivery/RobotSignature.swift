import Crypto
import Foundation

/// The signatures chat robots check, so that only holders of the secret can post to a group.
public enum RobotSignature {
    /// DingTalk custom robot ("加签"): Base64(HMAC-SHA256(key: secret, message: "timestamp\nsecret")),
    /// with the timestamp in milliseconds; sent URL-encoded as `&timestamp=…&sign=…`.
    public static func dingTalk(secret: String, timestampMilliseconds: Int64) -> String {
        let message = "\(timestampMilliseconds)\n\(secret)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Feishu custom bot ("签名校验"): Base64(HMAC-SHA256(key: "timestamp\nsecret", message: empty)),
    /// with the timestamp in seconds; sent in the JSON body as `timestamp` and `sign`.
    public static func feishu(secret: String, timestampSeconds: Int64) -> String {
        let key = SymmetricKey(data: Data("\(timestampSeconds)\n\(secret)".utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: Data(), using: key)).base64EncodedString()
    }

    /// A generic webhook's `X-Xueshi-Signature`: "sha256=" + hex(HMAC-SHA256(key: secret, message: body)),
    /// as GitHub and many others sign their webhooks.
    public static func webhook(secret: String, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Percent-encoding for a query value: Base64's "+", "/" and "=" must not reach the server raw.
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
