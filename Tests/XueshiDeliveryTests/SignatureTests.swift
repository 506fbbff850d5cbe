import Foundation
import Testing
@testable import XueshiDelivery

/// The robots' signing rules, against values computed independently with Python's hmac module.
@Suite("Robot signatures")
struct SignatureTests {
    let secret = "SEC0123456789abcdef"

    @Test("DingTalk: Base64(HMAC-SHA256(secret, \"timestamp\\nsecret\")), timestamp in ms")
    func dingTalk() {
        #expect(RobotSignature.dingTalk(secret: secret, timestampMilliseconds: 1_700_000_000_000)
                == "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=")
    }

    @Test("DingTalk's sign goes URL-encoded in the query: + / = are escaped")
    func queryEncoding() {
        #expect(RobotSignature.queryValue("a+b/c=") == "a%2Bb%2Fc%3D")
    }

    @Test("Feishu: Base64(HMAC-SHA256(key \"timestamp\\nsecret\", empty message)), timestamp in s")
    func feishu() {
        #expect(RobotSignature.feishu(secret: secret, timestampSeconds: 1_700_000_000)
                == "PiO7POLlSx/DM2qf8Dy/XCWeJK3exVnevp5G99LEN2M=")
    }

    @Test("A webhook's signature: sha256= and the hex HMAC of the body")
    func webhook() {
        #expect(RobotSignature.webhook(secret: secret, body: Data(#"{"a":1}"#.utf8))
                == "sha256=92f03a299e69ad551339fe42128edd519bfe349ec0aa52662826581e339e1df8")
    }
}
