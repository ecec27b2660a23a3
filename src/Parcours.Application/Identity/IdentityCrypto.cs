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
        using var aes = new AesGcm(key, TagLength);
        return Seal(aes, plaintext, associatedData);
    }

    /// <summary>Seals with a cipher reused across a batch (the master key's wrapping key).</summary>
    public static byte[] Seal(AesGcm aes, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var result = new byte[1 + NonceLength + plaintext.Length + TagLength];
        result[0] = FormatVersion;
        var nonce = result.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, result.AsSpan(1 + NonceLength, plaintext.Length), result.AsSpan(result.Length - TagLength), associatedData);
        return result;
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the key, the data or its binding is wrong.</summary>
    public static byte[] Open(byte[] key, byte[] sealedValue, ReadOnlySpan<byte> associatedData)
    {
        using var aes = new AesGcm(key, TagLength);
        return Open(aes, sealedValue, associatedData);
    }

    public static byte[] Open(AesGcm aes, byte[] sealedValue, ReadOnlySpan<byte> associatedData)
    {
        if (sealedValue.Length < 1 + NonceLength + TagLength || sealedValue[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown sealed value format.");
        }
        var plaintext = new byte[sealedValue.Length - 1 - NonceLength - TagLength];
        aes.Decrypt(
            sealedValue.AsSpan(1, NonceLength), sealedValue.AsSpan(1 + NonceLength, plaintext.Length),
            sealedValue.AsSpan(sealedValue.Length - TagLength), plaintext, associatedData);
        return plaintext;
    }

    /// <summary>A cipher on the master key's wrapping key, to wrap or unwrap a batch of data keys.</summary>
    public static AesGcm KeyWrapper(MasterKey key) => new(key.WrapKey, TagLength);

    public static byte[] Binding(string tenant, CaseId @case, string purpose) =>
        Encoding.UTF8.GetBytes($"parcours-identity|{purpose}|{tenant}|{@case.Value:D}");

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

/// <summary>
/// The blind indexes of one tenant under one master key: HMAC-SHA256 of "kind|tenant|normal form", so that equal keys of
/// one tenant give equal indexes and nothing else does. One keyed HMAC reused across a batch (creating one per value
/// costs more than the hash).
/// </summary>
internal sealed class BlindIndexer(MasterKey key, string tenant) : IDisposable
{
    private readonly HMACSHA256 _hmac = new(key.IndexKey);

    /// <summary>Null when the number or the role is blank once normalised.</summary>
    public byte[]? Caf(string? cafNumber, string? role)
    {
        if (cafNumber is null || role is null) return null;
        var number = IdentityKeys.NormalizeCafNumber(cafNumber);
        var normalizedRole = IdentityKeys.NormalizeCafRole(role);
        return number.Length == 0 || normalizedRole.Length == 0 ? null : Hash("caf", number + "/" + normalizedRole);
    }

    /// <summary>Null when the NIR is not valid (see <see cref="IdentityKeys.TryNormalizeNir"/>).</summary>
    public byte[]? Nir(string? nir) => IdentityKeys.TryNormalizeNir(nir, out var normalized) ? Hash("nir", normalized) : null;

    /// <summary>Null when the last or the first name is blank once normalised (see <see cref="IdentityKeys.NormalizeName"/>).</summary>
    public byte[]? Name(string? lastName, string? firstName) =>
        IdentityKeys.NormalizeName(lastName, firstName) is { } normalized ? Hash("name", normalized) : null;

    public void Dispose() => _hmac.Dispose();

    private byte[] Hash(string kind, string normalized) => _hmac.ComputeHash(Encoding.UTF8.GetBytes($"{kind}|{tenant}|{normalized}"));
}

/// <summary>Blind indexes as dictionary keys: compared byte for byte, hashed by their first bytes (HMAC output is uniform).</summary>
internal sealed class BlindIndexComparer : IEqualityComparer<byte[]>
{
    public static readonly BlindIndexComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] index) => index.Length >= 4 ? BitConverter.ToInt32(index, 0) : index.Length;
}
