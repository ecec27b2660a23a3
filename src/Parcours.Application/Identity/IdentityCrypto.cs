using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parcours.Domain.Pathways;
using Parcours.EventStore.Serialization;

namespace Parcours.Application.Identity;

/// <summary>
/// The cryptography of the identity store, in one place. A sealed value is: format byte, 12-byte random nonce, AES-256-GCM
/// ciphertext, 16-byte tag; its associated data binds it to its tenant, case and purpose, so a value copied onto another
/// row does not open. Identities are padded to a multiple of <see cref="PaddingBlock"/> bytes so that their length says
/// little about the length of a name or an address.
/// </summary>
internal static class IdentityCrypto
{
    public const int DataKeyLength = 32;

    private const byte FormatVersion = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int PaddingBlock = 64;

    private static readonly JsonSerializerOptions Json = ParcoursJson.CreateOptions();

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(DataKeyLength);

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var result = new byte[1 + NonceLength + plaintext.Length + TagLength];
        result[0] = FormatVersion;
        var nonce = result.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, result.AsSpan(1 + NonceLength, plaintext.Length), result.AsSpan(result.Length - TagLength), associatedData);
        return result;
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the key, the data or its binding is wrong.</summary>
    public static byte[] Open(byte[] key, byte[] sealedValue, ReadOnlySpan<byte> associatedData)
    {
        if (sealedValue.Length < 1 + NonceLength + TagLength || sealedValue[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown sealed value format.");
        }
        var plaintext = new byte[sealedValue.Length - 1 - NonceLength - TagLength];
        using var aes = new AesGcm(key, TagLength);
        aes.Decrypt(
            sealedValue.AsSpan(1, NonceLength), sealedValue.AsSpan(1 + NonceLength, plaintext.Length),
            sealedValue.AsSpan(sealedValue.Length - TagLength), plaintext, associatedData);
        return plaintext;
    }

    public static byte[] Binding(string tenant, CaseId @case, string purpose) =>
        Encoding.UTF8.GetBytes($"parcours-identity|{purpose}|{tenant}|{@case.Value:D}");

    /// <summary>HMAC-SHA256 of a normalised key, per tenant: equal inputs of one tenant give equal indexes, nothing else does.</summary>
    public static byte[] BlindIndex(byte[] indexKey, string tenant, string kind, string normalized) =>
        HMACSHA256.HashData(indexKey, Encoding.UTF8.GetBytes($"{kind}|{tenant}|{normalized}"));

    public static byte[] Serialize(PersonIdentity identity)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(identity, Json);
        var padded = new byte[(json.Length / PaddingBlock + 1) * PaddingBlock];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' '); // trailing whitespace is valid JSON
        return padded;
    }

    public static PersonIdentity Deserialize(byte[] plaintext) =>
        JsonSerializer.Deserialize<PersonIdentity>(plaintext, Json)
        ?? throw new CryptographicException("Empty identity.");
}
