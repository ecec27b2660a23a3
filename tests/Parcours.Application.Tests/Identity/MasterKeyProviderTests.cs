using Parcours.Application.Identity;

namespace Parcours.Application.Tests.Identity;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MasterKeyProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parcours-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_variable_wins_over_the_key_file()
    {
        var key = MasterKey.Generate();

        var resolved = MasterKeyProvider.Resolve(_directory, Environment(key.ToBase64()));

        resolved.Id.ShouldBe(key.Id);
        File.Exists(Path.Combine(_directory, MasterKeyProvider.FileName)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("pas du base64 !")]
    [InlineData("c2hvcnQ=")]
    public void A_malformed_variable_is_refused_naming_the_variable(string value)
    {
        var error = Should.Throw<MasterKeyException>(() => MasterKeyProvider.Resolve(_directory, Environment(value)));

        error.Message.ShouldContain(MasterKeyProvider.Variable);
        error.Message.ShouldContain("32 octets");
    }

    [Fact]
    public void Without_the_variable_a_key_file_is_generated_once_readable_by_its_owner_only()
    {
        var logs = new List<string>();
        var first = MasterKeyProvider.Resolve(_directory, Environment(null), logs.Add);
        var second = MasterKeyProvider.Resolve(_directory, Environment(null), logs.Add);

        second.Id.ShouldBe(first.Id);
        var file = Path.Combine(_directory, MasterKeyProvider.FileName);
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logs.Count.ShouldBe(1, "the creation is announced once");
        Directory.GetFiles(_directory).ShouldBe([file], "no temporary file is left behind");
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused()
    {
        var file = Path.Combine(_directory, MasterKeyProvider.FileName);
        File.WriteAllText(file, MasterKey.Generate().ToBase64());
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Should.Throw<MasterKeyException>(() => MasterKeyProvider.Resolve(_directory, Environment(null))).Message.ShouldContain("chmod 600");
    }

    [Fact]
    public void Without_the_variable_nor_an_embedded_server_the_variable_is_required()
    {
        Should.Throw<MasterKeyException>(() => MasterKeyProvider.Resolve(null, Environment(null))).Message.ShouldContain(MasterKeyProvider.Variable);
    }

    [Fact]
    public void A_key_never_prints_its_material_and_keeps_its_fingerprint_through_base64()
    {
        var key = MasterKey.Generate();

        key.ToString().ShouldNotContain(key.ToBase64());
        MasterKey.FromBase64(key.ToBase64()).Id.ShouldBe(key.Id);
        MasterKey.Generate().Id.ShouldNotBe(key.Id);
    }

    [Fact]
    public void A_key_in_the_file_named_by_the_file_variable_is_used_when_the_variable_is_unset()
    {
        var key = MasterKey.Generate();
        var secret = Path.Combine(_directory, "secret");
        File.WriteAllText(secret, key.ToBase64() + "\n");
        Func<string, string?> environment = name => name == MasterKeyProvider.FileVariable ? secret : null;

        MasterKeyProvider.Resolve(null, environment).ToBase64().ShouldBe(key.ToBase64());

        File.WriteAllText(secret, "pas une clé");
        Should.Throw<MasterKeyException>(() => MasterKeyProvider.Resolve(null, environment)).Message.ShouldContain(MasterKeyProvider.FileVariable);
        Func<string, string?> missing = name => name == MasterKeyProvider.FileVariable ? Path.Combine(_directory, "absent") : null;
        Should.Throw<MasterKeyException>(() => MasterKeyProvider.Resolve(null, missing)).Message.ShouldContain("illisible");
    }

    private static Func<string, string?> Environment(string? value) =>
        name => name == MasterKeyProvider.Variable ? value : null;
}
