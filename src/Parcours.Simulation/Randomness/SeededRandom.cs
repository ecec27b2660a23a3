namespace Parcours.Simulation.Randomness;

/// <summary>
/// A small, fully specified pseudo-random generator (xoshiro256**, seeded through SplitMix64) so that the same
/// seed gives the same stream on every machine and every .NET version, which <see cref="System.Random"/> does not
/// promise. Only integer arithmetic and exact conversions are used: no transcendental function whose last bit
/// could differ between platforms. Not thread-safe: one instance per person.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
    }

    /// <summary>
    /// The generator of one person: derived from the run's seed, the tenant and the person's index only, so that
    /// any person (or any département) can be generated alone, in any order, on any thread.
    /// </summary>
    public static SeededRandom For(ulong seed, string tenant, long index, ulong stream = 0) =>
        new(Mix(Mix(Mix(seed ^ 0x9E3779B97F4A7C15UL) ^ StableHash(tenant)) ^ (ulong)index) ^ Mix(stream + 1));

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>), without modulo bias.</summary>
    public int Next(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong value;
        do value = NextUInt64(); while (value >= limit);
        return (int)(value % (ulong)bound);
    }

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>], both included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>Uniform in [0, 1) with 53 random bits (an exact conversion).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks a value in proportion to its weight (weights need not sum to 1).</summary>
    public T Pick<T>(IReadOnlyList<Weighted<T>> items)
    {
        var total = 0.0;
        foreach (var item in items) total += item.Weight;
        var target = NextDouble() * total;
        foreach (var item in items)
        {
            if (target < item.Weight) return item.Value;
            target -= item.Weight;
        }
        return items[^1].Value;
    }

    /// <summary>A version-4-shaped Guid made of seeded bits (never <see cref="Guid.NewGuid"/>).</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong Mix(ulong value)
    {
        var state = value;
        return SplitMix(ref state);
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

/// <summary>A value and its relative weight, for <see cref="SeededRandom.Pick{T}(IReadOnlyList{Weighted{T}})"/>.</summary>
public readonly record struct Weighted<T>(T Value, double Weight);
