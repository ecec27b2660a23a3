using System.Net;
using System.Net.Sockets;

namespace Parcours.EmbeddedPostgres.Internal;

internal static class LoopbackPort
{
    /// <summary>
    /// A port free on 127.0.0.1 right now. Another process may take it before the server binds, so the
    /// caller retries with a new port when the server reports the address in use.
    /// </summary>
    public static int PickFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
