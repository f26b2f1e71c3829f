import { fetchHeaders } from '../api';
import { Loaded } from './Loaded';
import { useFetched } from './useFetched';

export function HeadersTable({ id }: { id: string }) {
  const headers = useFetched(id, (signal) => fetchHeaders(id, signal));
  return (
    <Loaded fetched={headers} what="the headers">
      {(list) => (
        <table className="headers-table">
          <caption className="visually-hidden">Message headers</caption>
          <tbody>
            {list.flatMap(([name, values]) =>
              values.map((value, i) => (
                <tr key={`${name}-${i}`}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </Loaded>
  );
}
