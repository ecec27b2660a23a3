using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace Parcours.Importers.Cnaf.Flux;

/// <summary>The CNAF schema vrsb0801.xsd (embedded), compiled once, and the reader settings that validate against it.</summary>
public static class FluxSchema
{
    private static readonly Lazy<XmlSchemaSet> Compiled = new(Load);

    static FluxSchema() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The flux is declared windows-1252: readers need the code pages registered (done once here).</summary>
    public static Encoding Windows1252 { get; } = RegisterAndGet();

    public static XmlSchemaSet Schemas => Compiled.Value;

    /// <summary>Streaming, validating, no DTD, no external resource.</summary>
    public static XmlReaderSettings ValidatingSettings(ValidationEventHandler onError)
    {
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += onError;
        return settings;
    }

    private static Encoding RegisterAndGet()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static XmlSchemaSet Load()
    {
        _ = Windows1252;
        using var stream = typeof(FluxSchema).Assembly.GetManifestResourceStream("Parcours.Importers.vrsb0801.xsd")
            ?? throw new InvalidOperationException("The embedded schema vrsb0801.xsd is missing.");
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}
