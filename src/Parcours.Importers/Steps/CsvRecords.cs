using System.Text;

namespace Parcours.Importers.Steps;

/// <summary>A CSV line that cannot be read (an unterminated quote).</summary>
public sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads semicolon-separated records one at a time (RFC 4180 quoting: a quoted field may hold separators, doubled
/// quotes and line breaks), with the line each record starts on. Blank lines are skipped.
/// </summary>
public sealed class CsvRecords(TextReader reader, char separator = ';')
{
    private int _line;

    public (int Line, string[] Fields)? Next()
    {
        string? text;
        do
        {
            text = reader.ReadLine();
            _line++;
            if (text is null) return null;
        }
        while (text.Length == 0);

        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i == text.Length)
                    {
                        text = reader.ReadLine() ?? throw new CsvFormatException(start, $"ligne {start} : guillemet ouvert jamais fermé.");
                        _line++;
                        field.Append('\n');
                        i = 0;
                        continue;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
            }
            while (i < text.Length && text[i] != separator) field.Append(text[i++]);
            fields.Add(field.ToString().Trim());
            field.Clear();
            if (i >= text.Length) break;
            i++; // the separator
        }
        return (start, [.. fields]);
    }
}
