using System.Security.Cryptography;
using System.Text;

namespace Parcours.Application.Identity;

/// <summary>
/// The secret that protects every identity: never stored in the database. Each person's data key is encrypted
/// ("wrapped") with a key derived from it, and the blind indexes of CAF numbers and NIRs are keyed hashes under another
/// derived key (HKDF-SHA256, one purpose per derived key). <see cref="Id"/> is a public fingerprint stored beside each
/// wrapped key, so that a wrong or rotated master key is recognised before anything is decrypted.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;

    private readonly byte[] _material;

    private MasterKey(byte[] material)
    {
        _material = material;
        WrapKey = Derive(material, "parcours/identity/wrap-data-keys/v1", 32);
        IndexKey = Derive(material, "parcours/identity/blind-indexes/v1", 32);
        Id = Convert.ToHexStringLower(Derive(material, "parcours/identity/key-id/v1", 8));
    }

    /// <summary>A public fingerprint of the key (16 hex digits): says which key wrapped a data key, reveals nothing of it.</summary>
    public string Id { get; }

    /// <summary>Wraps and unwraps the per-person data keys (AES-256-GCM).</summary>
    internal byte[] WrapKey { get; }

    /// <summary>Keys the blind indexes (HMAC-SHA256).</summary>
    internal byte[] IndexKey { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    public static MasterKey FromBytes(ReadOnlySpan<byte> material) =>
        material.Length == Length
            ? new MasterKey(material.ToArray())
            : throw new FormatException($"Une clé maîtresse fait {Length} octets ; {material.Length} reçus.");

    /// <summary>The key from its base64 text (32 bytes once decoded); surrounding whitespace is ignored.</summary>
    public static MasterKey FromBase64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] material;
        try
        {
            material = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"La clé maîtresse doit être {Length} octets encodés en base64 (par exemple : openssl rand -base64 32).");
        }
        return material.Length == Length
            ? new MasterKey(material)
            : throw new FormatException($"La clé maîtresse doit faire {Length} octets une fois décodée du base64 ; elle en fait {material.Length}.");
    }

    /// <summary>The key as base64 text, to write it to a protected key file.</summary>
    public string ToBase64() => Convert.ToBase64String(_material);

    /// <summary>Never the key itself: only its fingerprint.</summary>
    public override string ToString() => $"MasterKey({Id})";

    private static byte[] Derive(byte[] material, string purpose, int length) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, length, salt: null, info: Encoding.ASCII.GetBytes(purpose));
}
