namespace Hawiya.PkiTool;

internal static class Usage
{
    public const string Text = """
        hawiya-pki: create the Hawiya PKI and personalise cards.

        Keys are stored as encrypted PKCS#8 (PBES2, AES-256). The passphrase comes from
        --passphrase-file FILE (first line) or the HAWIYA_PKI_PASSPHRASE environment variable.

        Commands:
          init --dir D [--development] [--country MA] [--organization NAME]
              Create the hierarchy in D (absent or empty): root (P-384), document signer,
              card CA, OCSP signer (issued by the card CA), reader CA. --development marks it
              so that production servers refuse it.

          personalise --dir D --identity identity.json --out card.json
                      [--crl-url URL] [--ocsp-url URL]
              Issue a card: key pair, card certificate and signed identity data, written as
              the card JSON read by the virtual smart card. identity.json:
                { "cardNumber": "AB123456", "nationalNumber": "J123456",
                  "givenNames": ["Amina"], "familyName": "El Idrissi", "birthName": "Benali",
                  "gender": "female|male|unspecified", "birthDate": "1990-04-12",
                  "birthPlace": "Fès", "birthCountry": "MAR",
                  "photoFile": "photo.jpg" | "photo": "<base64>",
                  "pin": "1234" (optional, else random), "validYears": 10 (optional) }

          reader --dir D --name NAME --out DIR [--validity-days 730]
              Issue an edge reader credential (client authentication): NAME.cert.pem,
              NAME.key.pem and NAME.chain.pem in DIR.

          crl --dir D --number N --out crl.der [--revoked revoked.json]
              [--delta-base M] [--delta-url URL] [--issuer card-ca|reader-ca|root]
              Sign a full CRL, or with --delta-base a delta CRL against full CRL number M.
              revoked.json: [{ "serial": "<hex>", "revocationDate": "2025-01-31T10:00:00Z",
                               "reason": "keyCompromise" }]

          verify-card --dir D --card card.json
              Check a card file: certificate chain, identity signature, key binding, photo.

        Exit codes: 0 success, 1 failure, 2 bad usage.

        """;
}
